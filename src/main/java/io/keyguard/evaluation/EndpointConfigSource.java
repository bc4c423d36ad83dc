package io.keyguard.evaluation;

import io.keyguard.rule.EndpointConfigFacts;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Where endpoint config facts come from (SageMaker in the Lambda). */
public interface EndpointConfigSource {

    /** The config's facts, or empty when it does not exist (deleted between the change and the call). */
    Optional<EndpointConfigFacts> describe(String endpointConfigName);

    /** The config's tags (read only when the rule has an exemption tag to look for). */
    Map<String, String> tags(String endpointConfigArn);

    /** Calls {@code action} for every endpoint config in the account and region, page by page. */
    void forEachEndpointConfig(Consumer<EndpointConfigRef> action);
}
