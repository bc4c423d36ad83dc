package io.keyguard.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule's input parameters, parsed once and validated.
 *
 * @param kmsKeyArns the KMS key (or alias) ARNs a config may use; empty means any key is accepted
 */
public record RuleParameters(Set<String> kmsKeyArns) {

    /** Same name and meaning as in the AWS managed rule sagemaker-endpoint-configuration-kms-key-configured. */
    public static final String KMS_KEY_ARNS = "kmsKeyArns";

    private static final Set<String> KNOWN_NAMES = Set.of(KMS_KEY_ARNS);

    private static final Pattern KMS_ARN = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)");

    public RuleParameters {
        kmsKeyArns = Set.copyOf(kmsKeyArns);
    }

    public static RuleParameters defaults() {
        return new RuleParameters(Set.of());
    }

    /**
     * Parses parameters as AWS Config passes them (name to string value).
     *
     * @throws InvalidRuleParametersException naming the first unknown or malformed parameter
     */
    public static RuleParameters parse(Map<String, String> raw) {
        List<String> unknown = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (!KNOWN_NAMES.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRuleParametersException("Unknown rule parameter(s) " + unknown
                    + "; this rule accepts only " + KNOWN_NAMES + " (names are case-sensitive).");
        }
        return new RuleParameters(parseKmsKeyArns(raw.get(KMS_KEY_ARNS)));
    }

    private static Set<String> parseKmsKeyArns(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<String> arns = new LinkedHashSet<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                throw new InvalidRuleParametersException("Rule parameter " + KMS_KEY_ARNS
                        + " has an empty entry at position " + (i + 1)
                        + "; give a comma-separated list of KMS key or alias ARNs.");
            }
            if (!KMS_ARN.matcher(entry).matches()) {
                throw new InvalidRuleParametersException("Rule parameter " + KMS_KEY_ARNS + " entry '" + entry
                        + "' is not a KMS key or alias ARN (expected arn:aws:kms:<region>:<account>:key/<id>"
                        + " or arn:aws:kms:<region>:<account>:alias/<name>).");
            }
            arns.add(entry);
        }
        return arns;
    }

    public boolean restrictsKeys() {
        return !kmsKeyArns.isEmpty();
    }
}
