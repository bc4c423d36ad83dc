package io.keyguard.remediation;

import io.keyguard.aws.AwsCallException;
import java.util.List;
import java.util.Optional;

/** The endpoint calls of a remediation (SageMaker's, in the function): which endpoints exist, and moving one. */
public interface EndpointFleet {

    /** Every endpoint of the account and Region, described. */
    List<EndpointState> all();

    /** The endpoint, or empty when it no longer exists. */
    Optional<EndpointState> describe(String endpointName);

    /**
     * Moves the endpoint to another config, keeping its instance counts, weights and deployment configuration.
     *
     * @throws AwsCallException when the update is refused or fails
     */
    void moveTo(EndpointState endpoint, String endpointConfigName);
}
