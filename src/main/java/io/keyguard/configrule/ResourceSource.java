package io.keyguard.configrule;

import io.keyguard.configrule.event.InvalidEventException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a rule's resources come from (SageMaker for endpoint configs): one described, all listed, and their tags.
 *
 * @param <R> the facts of one resource
 */
public interface ResourceSource<R> {

    /**
     * The resource a configuration item or listing names, or empty when it does not exist (deleted between the change
     * and the call).
     *
     * @throws InvalidEventException when the id and name cannot name such a resource (refused before any call)
     */
    Optional<R> describe(String resourceId, String resourceName);

    /** The resource's tags (read only when the rule asks for them). */
    Map<String, String> tags(R resource);

    /** Calls {@code action} for every resource in the account and region, page by page. */
    void forEachResource(Consumer<ResourceRef> action);

    /** The form in which resource ids and names are compared: listed resources with earlier results. */
    String identity(String resourceIdOrName);

    /** The IAM action that describes one resource, as failures name it (sagemaker:DescribeEndpointConfig). */
    String describeOperation();

    /** How failures name every resource of the account at once ("the account's endpoint configs"). */
    String everyResource();

    /**
     * How many calls the source has answered with throttling so far (attempts included); the periodic run
     * describes fewer resources at once while this grows.
     */
    default long throttledAttempts() {
        return 0;
    }
}
