package io.keyguard.rule;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.log.BoundedText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule's input parameters, parsed once and validated. Names and defaults are documented in the README;
 * {@code kmsKeyArns} keeps the meaning it has in the AWS managed rule. The invocation's own parameters
 * ({@link ConfigEventReader#INVOCATION_PARAMETERS}) are accepted beside them and left to the event reader.
 *
 * @param kmsKeyArns                the KMS key or alias ARNs a config may use; empty means any key
 * @param requireCustomerManagedKey an AWS-managed key (alias/aws/...) is NON_COMPLIANT
 * @param requireEnabledKey         a disabled key, or one pending deletion or import, is NON_COMPLIANT
 * @param requireKeyRotation        a key without automatic rotation is NON_COMPLIANT
 * @param checkDataCaptureKey       with data capture on, DataCaptureConfig.KmsKeyId must pass the same checks
 * @param checkAsyncOutputKey       with async inference, its OutputConfig.KmsKeyId must pass the same checks
 * @param checkCoreDumpKey          each variant's CoreDumpConfig.KmsKeyId, when it writes core dumps, must pass them
 * @param exemptionTagKey           a config with this tag is NOT_APPLICABLE; null when not used
 * @param localStorageVerdict       the verdict for configs on instance types with local NVMe storage
 * @param localStorageInstanceTypes instance types or families added to the built-in local-storage list
 * @param unexaminableKeyVerdict    the verdict when KMS will not describe a key (access denied, not found)
 */
public record RuleParameters(
        Set<String> kmsKeyArns,
        boolean requireCustomerManagedKey,
        boolean requireEnabledKey,
        boolean requireKeyRotation,
        boolean checkDataCaptureKey,
        boolean checkAsyncOutputKey,
        boolean checkCoreDumpKey,
        String exemptionTagKey,
        Compliance localStorageVerdict,
        Set<String> localStorageInstanceTypes,
        Compliance unexaminableKeyVerdict) {

    public static final String KMS_KEY_ARNS = "kmsKeyArns";
    public static final String REQUIRE_CUSTOMER_MANAGED_KEY = "requireCustomerManagedKey";
    public static final String REQUIRE_ENABLED_KEY = "requireEnabledKey";
    public static final String REQUIRE_KEY_ROTATION = "requireKeyRotation";
    public static final String CHECK_DATA_CAPTURE_KEY = "checkDataCaptureKey";
    public static final String CHECK_ASYNC_OUTPUT_KEY = "checkAsyncOutputKey";
    public static final String CHECK_CORE_DUMP_KEY = "checkCoreDumpKey";
    public static final String EXEMPTION_TAG_KEY = "exemptionTagKey";
    public static final String LOCAL_STORAGE_VERDICT = "localStorageVerdict";
    public static final String LOCAL_STORAGE_INSTANCE_TYPES = "localStorageInstanceTypes";
    public static final String UNEXAMINABLE_KEY_VERDICT = "unexaminableKeyVerdict";

    /** Every parameter name the rule accepts, in the order the README documents them. */
    public static final List<String> NAMES = List.of(KMS_KEY_ARNS, REQUIRE_CUSTOMER_MANAGED_KEY, REQUIRE_ENABLED_KEY,
            REQUIRE_KEY_ROTATION, CHECK_DATA_CAPTURE_KEY, CHECK_ASYNC_OUTPUT_KEY, CHECK_CORE_DUMP_KEY, EXEMPTION_TAG_KEY,
            LOCAL_STORAGE_VERDICT, LOCAL_STORAGE_INSTANCE_TYPES, UNEXAMINABLE_KEY_VERDICT);

    /** Config accepts parameter values up to this length; longer input is refused rather than cut. */
    static final int MAX_VALUE_LENGTH = 1024;

    private static final Pattern KMS_ARN = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9-]+(\\.[a-z0-9-]+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    public RuleParameters {
        kmsKeyArns = Set.copyOf(kmsKeyArns);
        localStorageInstanceTypes = Set.copyOf(localStorageInstanceTypes);
    }

    public static RuleParameters defaults() {
        return parse(Map.of());
    }

    /**
     * Parses parameters as AWS Config passes them (name to string value).
     *
     * @throws InvalidRuleParametersException naming the first unknown or malformed parameter
     */
    public static RuleParameters parse(Map<String, String> raw) {
        List<String> unknown = new ArrayList<>();
        for (String name : raw.keySet()) {
            if (!NAMES.contains(name) && !ConfigEventReader.INVOCATION_PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> accepted = new ArrayList<>(NAMES);
            accepted.addAll(ConfigEventReader.INVOCATION_PARAMETERS);
            throw new InvalidRuleParametersException("Unknown rule parameter(s) "
                    + unknown.stream().map(BoundedText::abbreviate).toList()
                    + "; this rule accepts only " + accepted + " (names are case-sensitive).");
        }
        raw.forEach((name, value) -> {
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidRuleParametersException("Rule parameter " + name + " is " + value.length()
                        + " characters long; at most " + MAX_VALUE_LENGTH + " are accepted.");
            }
        });
        return new RuleParameters(
                list(raw, KMS_KEY_ARNS, KMS_ARN, "a KMS key or alias ARN (expected arn:aws:kms:<region>:<account>:"
                        + "key/<id> or arn:aws:kms:<region>:<account>:alias/<name>)"),
                bool(raw, REQUIRE_CUSTOMER_MANAGED_KEY, true),
                bool(raw, REQUIRE_ENABLED_KEY, true),
                bool(raw, REQUIRE_KEY_ROTATION, false),
                bool(raw, CHECK_DATA_CAPTURE_KEY, false),
                bool(raw, CHECK_ASYNC_OUTPUT_KEY, false),
                bool(raw, CHECK_CORE_DUMP_KEY, false),
                tagKey(raw),
                verdict(raw, LOCAL_STORAGE_VERDICT, Compliance.NOT_APPLICABLE, Set.of(Compliance.values())),
                lowercase(list(raw, LOCAL_STORAGE_INSTANCE_TYPES, INSTANCE_TYPE,
                        "an ML instance type or family (for example ml.m5d.large or ml.m5d)")),
                verdict(raw, UNEXAMINABLE_KEY_VERDICT, Compliance.NON_COMPLIANT,
                        Set.of(Compliance.NON_COMPLIANT, Compliance.NOT_APPLICABLE)));
    }

    public boolean restrictsKeys() {
        return !kmsKeyArns.isEmpty();
    }

    private static String value(Map<String, String> raw, String name) {
        String value = raw.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean bool(Map<String, String> raw, String name, boolean defaultValue) {
        String value = value(raw, name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRuleParametersException("Rule parameter " + name + " is '"
                    + BoundedText.abbreviate(value)
                    + "'; expected true or false.");
        };
    }

    private static Compliance verdict(Map<String, String> raw, String name, Compliance defaultValue,
                                      Set<Compliance> allowed) {
        String value = value(raw, name);
        if (value == null) {
            return defaultValue;
        }
        for (Compliance compliance : allowed) {
            if (compliance.name().equalsIgnoreCase(value)) {
                return compliance;
            }
        }
        throw new InvalidRuleParametersException("Rule parameter " + name + " is '" + BoundedText.abbreviate(value)
                + "'; expected one of "
                + allowed.stream().map(Enum::name).sorted().toList() + ".");
    }

    private static String tagKey(Map<String, String> raw) {
        String value = value(raw, EXEMPTION_TAG_KEY);
        if (value != null && !TAG_KEY.matcher(value).matches()) {
            throw new InvalidRuleParametersException("Rule parameter " + EXEMPTION_TAG_KEY + " '"
                    + BoundedText.abbreviate(value)
                    + "' is not a valid tag key (1-128 letters, digits, spaces and _ . : / = + - @).");
        }
        return value;
    }

    private static Set<String> list(Map<String, String> raw, String name, Pattern entryPattern, String expected) {
        String value = value(raw, name);
        if (value == null) {
            return Set.of();
        }
        Set<String> entries = new LinkedHashSet<>();
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String entry = parts[i].trim();
            if (entry.isEmpty()) {
                throw new InvalidRuleParametersException("Rule parameter " + name + " has an empty entry at position "
                        + (i + 1) + "; give a comma-separated list, each entry " + expected + ".");
            }
            if (!entryPattern.matcher(entry).matches()) {
                throw new InvalidRuleParametersException("Rule parameter " + name + " entry '"
                        + BoundedText.abbreviate(entry) + "' is not "
                        + expected + ".");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Set<String> lowercase(Set<String> values) {
        Set<String> lower = new LinkedHashSet<>();
        values.forEach(v -> lower.add(v.toLowerCase(Locale.ROOT)));
        return lower;
    }
}
