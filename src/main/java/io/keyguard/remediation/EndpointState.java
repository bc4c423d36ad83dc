package io.keyguard.remediation;

import java.util.Objects;

/**
 * One endpoint as DescribeEndpoint shows it.
 *
 * @param configName          the endpoint config it runs on
 * @param pendingConfigName   the config an update in progress is deploying, or null
 * @param failureReason       SageMaker's reason when the endpoint is Failed, or null
 * @param hasDeploymentConfig true when the last update used a deployment configuration worth reusing
 */
public record EndpointState(String name, String status, String configName, String pendingConfigName,
                            String failureReason, boolean hasDeploymentConfig) {

    public static final String IN_SERVICE = "InService";

    public EndpointState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    public boolean inService() {
        return IN_SERVICE.equals(status);
    }

    /** Runs on the config, or is being moved onto it. Names compare ignoring case, as SageMaker's do. */
    public boolean uses(String endpointConfigName) {
        return endpointConfigName.equalsIgnoreCase(configName)
                || endpointConfigName.equalsIgnoreCase(pendingConfigName);
    }
}
