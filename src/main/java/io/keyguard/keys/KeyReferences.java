package io.keyguard.keys;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a key reference shows by itself, without asking KMS. */
public final class KeyReferences {

    private static final String ALIAS_PREFIX = "alias/";
    private static final Pattern ALIAS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[^:]*:\\d{12}:alias/(.*)");

    private KeyReferences() {
    }

    /** Aliases under {@code alias/aws/} are reserved for AWS-managed keys, such as alias/aws/sagemaker. */
    public static boolean isAwsManagedAlias(String reference) {
        String name = aliasName(reference.toLowerCase(Locale.ROOT));
        return name != null && name.startsWith("aws/");
    }

    public static boolean isAlias(String reference) {
        return aliasName(reference) != null;
    }

    /** The alias name after {@code alias/} in an alias name or alias ARN, or null for any other reference. */
    private static String aliasName(String reference) {
        if (reference.startsWith(ALIAS_PREFIX)) {
            return reference.substring(ALIAS_PREFIX.length());
        }
        Matcher arn = ALIAS_ARN.matcher(reference);
        return arn.matches() ? arn.group(1) : null;
    }
}
