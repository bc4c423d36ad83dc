package io.keyguard.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Maps the X-Amz-Target of JSON-protocol requests to the IAM action that authorizes them. */
public final class AwsOperations {

    private static final Map<String, String> IAM_PREFIX_BY_TARGET_PREFIX = Map.of(
            "SageMaker", "sagemaker",
            "StarlingDoveService", "config",
            "TrentService", "kms");

    private AwsOperations() {
    }

    public static String iamAction(String target) {
        int dot = target.indexOf('.');
        String prefix = IAM_PREFIX_BY_TARGET_PREFIX.get(target.substring(0, dot));
        if (prefix == null) {
            throw new IllegalArgumentException("no IAM prefix known for X-Amz-Target " + target);
        }
        return prefix + ":" + target.substring(dot + 1);
    }

    public static Set<String> iamActions(Set<String> targets) {
        Set<String> actions = new TreeSet<>();
        targets.forEach(t -> actions.add(iamAction(t)));
        return actions;
    }
}
