package io.keyguard.evaluation;

/**
 * AWS Config identifies an AWS::SageMaker::EndpointConfig by its ARN (the CloudFormation primary
 * identifier); SageMaker's APIs take the name. These helpers keep the two apart.
 */
public final class EndpointConfigIds {

    private static final String ARN_RESOURCE_PREFIX = ":endpoint-config/";

    private EndpointConfigIds() {
    }

    /**
     * The name to describe a config by: the name Config sent, else the part of an ARN after
     * {@code endpoint-config/} (SageMaker writes it lowercased, and accepts it so), else the id itself.
     */
    public static String nameOf(String resourceId, String resourceName) {
        if (resourceName != null && !resourceName.isBlank()) {
            return resourceName;
        }
        int at = resourceId.indexOf(ARN_RESOURCE_PREFIX);
        if (resourceId.startsWith("arn:") && at > 0) {
            return resourceId.substring(at + ARN_RESOURCE_PREFIX.length());
        }
        return resourceId;
    }
}
