package io.keyguard.rule;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * AWS Config identifies an AWS::SageMaker::EndpointConfig by its ARN (the CloudFormation primary
 * identifier); SageMaker's APIs take the name. These helpers keep the two apart.
 */
public final class EndpointConfigIds {

    private static final String ARN_RESOURCE_PREFIX = ":endpoint-config/";
    /** EndpointConfigName in the SageMaker API Reference: 1-63 characters, this pattern. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

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

    /**
     * The form ids are compared in: the name, ignoring case, whether the id is an ARN or a name (SageMaker
     * lowercases names inside ARNs, and earlier results may use either form).
     */
    public static String key(String resourceId) {
        return nameOf(resourceId, null).toLowerCase(Locale.ROOT);
    }

    /** Whether SageMaker could have a config by this name; it refuses any other with a ValidationException. */
    public static boolean isValidName(String name) {
        return name != null && name.length() <= 63 && NAME.matcher(name).matches();
    }
}
