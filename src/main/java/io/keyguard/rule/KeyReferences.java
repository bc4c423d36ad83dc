package io.keyguard.rule;

import java.util.Locale;

/** What a key reference shows by itself, without asking KMS. */
public final class KeyReferences {

    private KeyReferences() {
    }

    /** Aliases under {@code alias/aws/} are reserved for AWS-managed keys, such as alias/aws/sagemaker. */
    public static boolean isAwsManagedAlias(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        return lower.startsWith("alias/aws/") || lower.matches("arn:aws[a-z-]*:kms:[^:]*:\\d{12}:alias/aws/.*");
    }

    public static boolean isAlias(String reference) {
        return reference.startsWith("alias/") || reference.matches("arn:aws[a-z-]*:kms:[^:]*:\\d{12}:alias/.*");
    }
}
