package io.keyguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.Verdict;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import io.keyguard.keys.KeyResolution.Unexaminable.Reason;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per situation: the facts, the parameters, what KMS said, and the verdict an auditor should see. */
class EndpointConfigDecisionTest {

    private static final String ACCOUNT = "123456789012";
    private static final String KEY_ID = "1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID;
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/99999999-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String FOREIGN_KEY = "arn:aws:kms:us-east-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab";
    private static final String ALIAS = "alias/ml-storage";
    private static final String ALIAS_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/ml-storage";
    private static final String AWS_ALIAS = "alias/aws/sagemaker";
    private static final String AWS_ALIAS_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/aws/sagemaker";
    private static final String AWS_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/aaaaaaaa-5b6a-4987-8a9b-0c1d2e3f4a5b";

    private static final VariantFacts M5 = new VariantFacts("AllTraffic", "ml.m5.large", false);
    private static final VariantFacts G5 = new VariantFacts("gpu", "ml.g5.2xlarge", false);
    private static final VariantFacts SERVERLESS = new VariantFacts("AllTraffic", null, true);
    /** A shadow variant on a local-storage type, and instance pools with one local-storage type among them. */
    private static final VariantFacts SHADOW_P4D = new VariantFacts("candidate", "ml.p4d.24xlarge", false).asShadow();
    private static final VariantFacts POOLS = new VariantFacts("pooled", List.of("ml.m5.xlarge", "ml.g6.xlarge",
            "ml.c5.xlarge"), false, false, null);
    private static final VariantFacts EBS_POOLS = new VariantFacts("pooled", List.of("ml.m5.xlarge", "ml.c5.xlarge"),
            false, false, null);
    private static final VariantFacts DUMPS_NO_KEY = M5.withCoreDump(new VariantFacts.CoreDump(null));

    private static final String NO_KEY = "No KmsKeyId: storage volumes use an AWS-owned key you cannot control."
            + " Create a copy of this endpoint config with KmsKeyId set to a customer-managed KMS key"
            + " and move its endpoints to the copy.";
    private static final String NO_CAPTURE_KEY = "Data capture is on but DataCaptureConfig.KmsKeyId is not set, so"
            + " captured data is not under your key. Set a customer-managed key in a new config.";
    private static final String NO_ASYNC_KEY = "Async inference output has no AsyncInferenceConfig.OutputConfig.KmsKeyId."
            + " Set a customer-managed key in a new config.";
    private static final String AWS_MANAGED = " is an AWS-managed key, whose policy you do not control. Use a"
            + " customer-managed key in a new config.";
    private static final String NOT_LISTED = " is not listed in kmsKeyArns. Use a listed key (create a copy of this"
            + " config with it and move its endpoints) or add this key to kmsKeyArns.";
    private static final String LOCAL_G5 = "Variant(s) gpu (ml.g5.2xlarge) have local NVMe storage, encrypted by the"
            + " instance hardware; a KmsKeyId does not encrypt it.";
    private static final String LOCAL = " have local NVMe storage, encrypted by the instance hardware; a KmsKeyId"
            + " does not encrypt it.";
    private static final String NO_DUMP_KEY = " writes core dumps to S3 without CoreDumpConfig.KmsKeyId, so S3's"
            + " AWS-managed key encrypts them. Set a customer-managed key in a new config.";
    private static final String DENIED = " could not be examined: KMS denied access. Allow the rule's role"
            + " kms:DescribeKey in the key policy.";
    private static final String NOT_FOUND = " was not found by KMS (deleted, or in another account or region). Use an"
            + " existing customer-managed key.";
    private static final String NOT_CHECKED = "; key state and manager were not checked.";

    static Stream<Arguments> rows() {
        return Stream.of(
                // --- presence of the storage key
                row("no key", config(null), none(), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("blank key counts as none", config("  "), none(), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("no key, with an allow list", config(null), params("kmsKeyArns", KEY), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                // --- every form of reference, resolved by KMS
                row("key ARN", config(KEY), none(), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                row("key id", config(KEY_ID), none(), keys(KEY_ID, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY_ID + " is customer-managed, Enabled."),
                row("alias name", config(ALIAS), none(), keys(ALIAS, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + ALIAS + " is customer-managed, Enabled."),
                row("alias ARN", config(ALIAS_ARN), none(), keys(ALIAS_ARN, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + ALIAS_ARN + " is customer-managed, Enabled."),
                row("key of another account", config(FOREIGN_KEY), none(), keys(FOREIGN_KEY, cmk(FOREIGN_KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + FOREIGN_KEY + " is customer-managed, Enabled."),
                // --- key manager
                row("AWS-managed key found by KMS", config(KEY), none(), keys(KEY, awsManaged(AWS_KEY)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + AWS_MANAGED),
                row("alias/aws/sagemaker, known without asking KMS", config(AWS_ALIAS), none(), keys(),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + AWS_ALIAS + AWS_MANAGED),
                row("alias ARN of an AWS-managed key", config(AWS_ALIAS_ARN), none(), keys(),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + AWS_ALIAS_ARN + AWS_MANAGED),
                row("AWS-managed key allowed by requireCustomerManagedKey=false", config(KEY),
                        params("requireCustomerManagedKey", "false"), keys(KEY, awsManaged(AWS_KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is AWS-managed, Enabled."),
                row("alias/aws/sagemaker allowed by requireCustomerManagedKey=false", config(AWS_ALIAS),
                        params("requireCustomerManagedKey", "false"), keys(),
                        Compliance.COMPLIANT, "KmsKeyId " + AWS_ALIAS + " is set (an AWS-managed key)" + NOT_CHECKED),
                // --- key state
                row("disabled key", config(KEY), none(), keys(KEY, state(KEY, "Disabled", null)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " is Disabled. Enable the key or move the endpoints"
                                + " to a config with an enabled customer-managed key."),
                row("key pending deletion names the date", config(KEY), none(),
                        keys(KEY, state(KEY, "PendingDeletion", Instant.parse("2026-12-01T10:00:00Z"))),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " is PendingDeletion (deleted on 2026-12-01)."
                                + " Cancel the deletion or move the endpoints to a config with another key."),
                row("key pending import", config(KEY), none(), keys(KEY, state(KEY, "PendingImport", null)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " is PendingImport: its key material was never"
                                + " imported. Import it or use another key."),
                row("key unavailable (custom key store disconnected)", config(KEY), none(),
                        keys(KEY, state(KEY, "Unavailable", null)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " is Unavailable, not Enabled. Make the key usable"
                                + " or use another key."),
                row("disabled key allowed by requireEnabledKey=false", config(KEY), params("requireEnabledKey", "false"),
                        keys(KEY, state(KEY, "Disabled", null)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Disabled."),
                // --- rotation
                row("rotation required and on", config(KEY), params("requireKeyRotation", "true"),
                        keys(KEY, rotating(KEY, KeyFacts.Rotation.ENABLED)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled, rotating."),
                row("rotation required and off", config(KEY), params("requireKeyRotation", "true"),
                        keys(KEY, rotating(KEY, KeyFacts.Rotation.DISABLED)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " has automatic rotation off. Enable it on the key"
                                + " (kms:EnableKeyRotation)."),
                row("rotation required, key cannot rotate", config(KEY), params("requireKeyRotation", "true"),
                        keys(KEY, rotating(KEY, KeyFacts.Rotation.NOT_SUPPORTED)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + " cannot rotate automatically (asymmetric, imported"
                                + " or custom key store key). Use a rotatable customer-managed key."),
                row("rotation off but not required", config(KEY), none(),
                        keys(KEY, rotating(KEY, KeyFacts.Rotation.DISABLED)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                // --- kmsKeyArns
                row("alias name matched through its key ARN", config(ALIAS), params("kmsKeyArns", KEY),
                        keys(ALIAS, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + ALIAS + " is customer-managed, Enabled, allowed by kmsKeyArns."),
                row("key ARN matched through an alias ARN entry", config(KEY), params("kmsKeyArns", ALIAS_ARN),
                        keys(KEY, cmk(KEY), ALIAS_ARN, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled, allowed by kmsKeyArns."),
                row("alias ARN listed as written", config(ALIAS_ARN), params("kmsKeyArns", ALIAS_ARN),
                        keys(ALIAS_ARN, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + ALIAS_ARN + " is customer-managed, Enabled, allowed by kmsKeyArns."),
                row("key not listed", config(KEY), params("kmsKeyArns", OTHER_KEY), keys(KEY, cmk(KEY)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + NOT_LISTED),
                row("alias entry that points at another key", config(KEY), params("kmsKeyArns", ALIAS_ARN),
                        keys(KEY, cmk(KEY), ALIAS_ARN, cmk(OTHER_KEY)),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + NOT_LISTED),
                // --- keys nobody asked KMS about (before deployment)
                row("unchecked key, no allow list", config(KEY), none(), keys(),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is set" + NOT_CHECKED),
                row("unchecked key listed as written", config(KEY), params("kmsKeyArns", KEY), keys(),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is set and allowed by kmsKeyArns" + NOT_CHECKED),
                row("unchecked key not listed", config(ALIAS), params("kmsKeyArns", KEY), keys(),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + ALIAS + NOT_LISTED),
                // --- keys KMS will not describe
                row("access denied", config(FOREIGN_KEY), none(), keys(FOREIGN_KEY, denied()),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + FOREIGN_KEY + DENIED),
                row("access denied, verdict set to NOT_APPLICABLE", config(FOREIGN_KEY),
                        params("unexaminableKeyVerdict", "NOT_APPLICABLE"), keys(FOREIGN_KEY, denied()),
                        Compliance.NOT_APPLICABLE, "KmsKeyId " + FOREIGN_KEY + DENIED),
                row("access denied with rotation required names both actions", config(FOREIGN_KEY),
                        params("requireKeyRotation", "true"), keys(FOREIGN_KEY, denied()),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + FOREIGN_KEY + " could not be examined: KMS denied"
                                + " access. Allow the rule's role kms:DescribeKey and kms:GetKeyRotationStatus in the key policy."),
                row("key not found", config(KEY), none(), keys(KEY, notFound()),
                        Compliance.NON_COMPLIANT, "KmsKeyId " + KEY + NOT_FOUND),
                row("a definite problem outweighs an unexaminable key", capture(FOREIGN_KEY, true, null),
                        params("checkDataCaptureKey", "true"), keys(FOREIGN_KEY, denied()),
                        Compliance.NON_COMPLIANT, NO_CAPTURE_KEY),
                // --- data capture
                row("data capture on without its key", capture(KEY, true, null), params("checkDataCaptureKey", "true"),
                        keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT, NO_CAPTURE_KEY),
                row("data capture on with a good key", capture(KEY, true, OTHER_KEY), params("checkDataCaptureKey", "true"),
                        keys(KEY, cmk(KEY), OTHER_KEY, cmk(OTHER_KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled. DataCaptureConfig.KmsKeyId"
                                + " is customer-managed, Enabled."),
                row("data capture key AWS-managed", capture(KEY, true, AWS_ALIAS), params("checkDataCaptureKey", "true"),
                        keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT, "DataCaptureConfig.KmsKeyId " + AWS_ALIAS + AWS_MANAGED),
                row("data capture off: its key is not checked", capture(KEY, false, null),
                        params("checkDataCaptureKey", "true"), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                row("data capture key not checked by default", capture(KEY, true, null), none(), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                // --- async inference output
                row("async output without its key", async(KEY, true, null), params("checkAsyncOutputKey", "true"),
                        keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT, NO_ASYNC_KEY),
                row("async output key disabled", async(KEY, true, OTHER_KEY), params("checkAsyncOutputKey", "true"),
                        keys(KEY, cmk(KEY), OTHER_KEY, state(OTHER_KEY, "Disabled", null)),
                        Compliance.NON_COMPLIANT, "AsyncInferenceConfig.OutputConfig.KmsKeyId " + OTHER_KEY + " is Disabled."
                                + " Enable the key or move the endpoints to a config with an enabled customer-managed key."),
                row("no async inference: nothing to check", async(KEY, false, null), params("checkAsyncOutputKey", "true"),
                        keys(KEY, cmk(KEY)), Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                // --- local NVMe instance storage
                row("local-storage type without a key", config(null, G5), none(), keys(),
                        Compliance.NOT_APPLICABLE, LOCAL_G5),
                row("local-storage type flagged on request", config(null, G5), params("localStorageVerdict", "NON_COMPLIANT"),
                        keys(), Compliance.NON_COMPLIANT, LOCAL_G5 + " This rule is set to flag them"
                                + " (localStorageVerdict=NON_COMPLIANT); use other instance types."),
                row("local-storage type accepted on request", config(null, G5), params("localStorageVerdict", "COMPLIANT"),
                        keys(), Compliance.COMPLIANT, LOCAL_G5),
                row("one local-storage variant among others", config(null, M5, G5), none(), keys(),
                        Compliance.NOT_APPLICABLE, LOCAL_G5),
                row("instance type added by parameter", config(null,
                        new VariantFacts("inf", "ml.inf2.xlarge", false)),
                        params("localStorageInstanceTypes", "ml.inf2.xlarge"), keys(), Compliance.NOT_APPLICABLE,
                        "Variant(s) inf (ml.inf2.xlarge) have local NVMe storage, encrypted by the"
                                + " instance hardware; a KmsKeyId does not encrypt it."),
                row("family added by parameter", config(null, new VariantFacts("inf", "ml.inf2.xlarge", false)),
                        params("localStorageInstanceTypes", "ML.INF2"), keys(), Compliance.NOT_APPLICABLE,
                        "Variant(s) inf (ml.inf2.xlarge) have local NVMe storage, encrypted by the"
                                + " instance hardware; a KmsKeyId does not encrypt it."),
                row("local storage does not excuse data capture", new EndpointConfigFacts("c", null, null, List.of(G5),
                        true, null, false, null, Map.of()), params("checkDataCaptureKey", "true"), keys(),
                        Compliance.NON_COMPLIANT, NO_CAPTURE_KEY),
                row("local storage with a good data capture key", new EndpointConfigFacts("c", null, null, List.of(G5),
                        true, KEY, false, null, Map.of()), params("checkDataCaptureKey", "true"), keys(KEY, cmk(KEY)),
                        Compliance.NOT_APPLICABLE, LOCAL_G5 + " DataCaptureConfig.KmsKeyId is customer-managed, Enabled."),
                // --- shadow variants: judged like production ones
                row("shadow variant on a local-storage type", config(null, M5, SHADOW_P4D), none(), keys(),
                        Compliance.NOT_APPLICABLE, "Variant(s) shadow variant candidate (ml.p4d.24xlarge)" + LOCAL),
                row("shadow variant on EBS: the key is required as for production", config(null, M5,
                        new VariantFacts("candidate", "ml.c5.xlarge", false).asShadow()), none(), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("serverless production with a shadow on instances is not a serverless config",
                        config(null, SERVERLESS, new VariantFacts("candidate", "ml.m5.large", false).asShadow()),
                        none(), keys(), Compliance.NON_COMPLIANT, NO_KEY),
                // --- instance pools: every type of the pools
                row("instance pools with a local-storage type", config(null, POOLS), none(), keys(),
                        Compliance.NOT_APPLICABLE, "Variant(s) pooled (ml.g6.xlarge)" + LOCAL),
                row("instance pools all on EBS need the key", config(null, EBS_POOLS), none(), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("instance pools all on EBS with a good key", config(KEY, EBS_POOLS), none(), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                // --- families from AWS's SageMaker SDK and EC2's naming (docs/instance-storage.md)
                row("ml.p5 has local storage", config(null, new VariantFacts("p5", "ml.p5.48xlarge", false)), none(),
                        keys(), Compliance.NOT_APPLICABLE, "Variant(s) p5 (ml.p5.48xlarge)" + LOCAL),
                row("ml.trn1n has local storage", config(null, new VariantFacts("t", "ml.trn1n.32xlarge", false)),
                        none(), keys(), Compliance.NOT_APPLICABLE, "Variant(s) t (ml.trn1n.32xlarge)" + LOCAL),
                row("ml.r6gd has local storage", config(null, new VariantFacts("r", "ml.r6gd.large", false)), none(),
                        keys(), Compliance.NOT_APPLICABLE, "Variant(s) r (ml.r6gd.large)" + LOCAL),
                row("ml.inf2: the documentation is silent, so the key is required", config(null,
                        new VariantFacts("inf", "ml.inf2.xlarge", false)), none(), keys(), Compliance.NON_COMPLIANT,
                        NO_KEY),
                // --- core dumps, when asked for
                row("core dumps without their key", config(KEY, DUMPS_NO_KEY), params("checkCoreDumpKey", "true"),
                        keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT, "Variant AllTraffic" + NO_DUMP_KEY),
                row("core dumps with a good key", config(KEY, M5.withCoreDump(new VariantFacts.CoreDump(OTHER_KEY))),
                        params("checkCoreDumpKey", "true"), keys(KEY, cmk(KEY), OTHER_KEY, cmk(OTHER_KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled. CoreDumpConfig.KmsKeyId"
                                + " of AllTraffic is customer-managed, Enabled."),
                row("core dump key AWS-managed", config(KEY, M5.withCoreDump(new VariantFacts.CoreDump(AWS_ALIAS))),
                        params("checkCoreDumpKey", "true"), keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT,
                        "CoreDumpConfig.KmsKeyId of AllTraffic " + AWS_ALIAS + AWS_MANAGED),
                row("shadow variant's core dumps without their key", config(KEY, M5, new VariantFacts("candidate",
                        "ml.m5.large", false).asShadow().withCoreDump(new VariantFacts.CoreDump(null))),
                        params("checkCoreDumpKey", "true"), keys(KEY, cmk(KEY)), Compliance.NON_COMPLIANT,
                        "Shadow variant candidate" + NO_DUMP_KEY),
                row("core dump key not checked by default", config(KEY, DUMPS_NO_KEY), none(), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                row("local storage does not excuse core dumps", config(null, G5.withCoreDump(
                        new VariantFacts.CoreDump(null))), params("checkCoreDumpKey", "true"), keys(),
                        Compliance.NON_COMPLIANT, "Variant gpu" + NO_DUMP_KEY),
                // --- serverless
                row("serverless without a key", config(null, SERVERLESS), none(), keys(),
                        Compliance.NON_COMPLIANT, "No KmsKeyId on this serverless config: SageMaker encrypts its data with"
                                + " an AWS-owned key you cannot control. Create a copy with KmsKeyId set to a"
                                + " customer-managed KMS key and move the endpoint to it."),
                row("serverless with a customer-managed key", config(KEY, SERVERLESS), none(), keys(KEY, cmk(KEY)),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is customer-managed, Enabled."),
                // --- exemption tag
                row("exemption tag present", tagged(Map.of("compliance-exempt", "JIRA-123")),
                        params("exemptionTagKey", "compliance-exempt"), keys(), Compliance.NOT_APPLICABLE,
                        "Exempt: the config carries the exemption tag compliance-exempt=JIRA-123 (exemptionTagKey)."
                                + " Remove the tag to have it evaluated."),
                row("exemption tag configured but absent", tagged(Map.of("team", "ml")),
                        params("exemptionTagKey", "compliance-exempt"), keys(), Compliance.NON_COMPLIANT, NO_KEY),
                row("tag present but no exemption configured", tagged(Map.of("compliance-exempt", "x")), none(), keys(),
                        Compliance.NON_COMPLIANT, NO_KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String situation, EndpointConfigFacts facts, RuleParameters parameters,
                 Map<String, KeyResolution> keys, Compliance expected, String annotation) {
        Verdict verdict = EndpointConfigDecision.decide(facts, parameters, keys);

        assertEquals(expected, verdict.compliance());
        assertEquals(annotation, verdict.annotation());
    }

    @Test
    void theTableCoversAtLeastFortySituations() {
        assertEquals(true, rows().count() >= 40);
    }

    @Test
    void keysToResolveAreTheCheckedSlotsAndAliasEntriesButNeverAwsManagedAliases() {
        EndpointConfigFacts facts = new EndpointConfigFacts("c", null, KEY, List.of(M5), true, AWS_ALIAS, true,
                OTHER_KEY, Map.of());
        RuleParameters parameters = params("kmsKeyArns", ALIAS_ARN + "," + FOREIGN_KEY, "checkDataCaptureKey", "true",
                "checkAsyncOutputKey", "true");

        assertEquals(Set.of(KEY, OTHER_KEY, ALIAS_ARN), EndpointConfigDecision.keysToResolve(facts, parameters));
    }

    @Test
    void keysToResolveIncludeEveryVariantsCoreDumpKeyWhenAskedFor() {
        EndpointConfigFacts facts = config(KEY, M5.withCoreDump(new VariantFacts.CoreDump(OTHER_KEY)),
                SHADOW_P4D.withCoreDump(new VariantFacts.CoreDump(FOREIGN_KEY)));

        assertEquals(List.of(OTHER_KEY, FOREIGN_KEY), List.copyOf(EndpointConfigDecision.keysToResolve(facts,
                params("checkCoreDumpKey", "true"))), "a local-storage config has no storage key to check");
        assertEquals(Set.of(), EndpointConfigDecision.keysToResolve(facts, none()));
    }

    @Test
    void nothingToResolveForALocalStorageConfigOrOneWithoutKeys() {
        assertEquals(Set.of(), EndpointConfigDecision.keysToResolve(config(KEY, G5), params("kmsKeyArns", ALIAS_ARN)));
        assertEquals(Set.of(), EndpointConfigDecision.keysToResolve(config(null), params("kmsKeyArns", ALIAS_ARN)));
    }

    private static Arguments row(String situation, EndpointConfigFacts facts, RuleParameters parameters,
                                 Map<String, KeyResolution> keys, Compliance expected, String annotation) {
        return Arguments.of(situation, facts, parameters, keys, expected, annotation);
    }

    private static EndpointConfigFacts config(String kmsKeyId, VariantFacts... variants) {
        return EndpointConfigFacts.of("my-config", kmsKeyId, variants.length == 0 ? new VariantFacts[] {M5}
                : variants);
    }

    private static EndpointConfigFacts capture(String kmsKeyId, boolean enabled, String captureKey) {
        return new EndpointConfigFacts("c", null, kmsKeyId, List.of(M5), enabled, captureKey, false, null, Map.of());
    }

    private static EndpointConfigFacts async(String kmsKeyId, boolean asyncInference, String outputKey) {
        return new EndpointConfigFacts("c", null, kmsKeyId, List.of(M5), false, null, asyncInference, outputKey, Map.of());
    }

    private static EndpointConfigFacts tagged(Map<String, String> tags) {
        return config(null).withTags(tags);
    }

    private static RuleParameters none() {
        return RuleParameters.defaults();
    }

    private static RuleParameters params(String... namesAndValues) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            raw.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return RuleParameters.parse(raw);
    }

    private static Map<String, KeyResolution> keys(Object... referencesAndResolutions) {
        Map<String, KeyResolution> keys = new HashMap<>();
        for (int i = 0; i < referencesAndResolutions.length; i += 2) {
            keys.put((String) referencesAndResolutions[i], (KeyResolution) referencesAndResolutions[i + 1]);
        }
        return keys;
    }

    private static KeyResolution cmk(String keyArn) {
        return new KeyResolution.Resolved(new KeyFacts(keyArn, true, "Enabled", null, KeyFacts.Rotation.NOT_CHECKED));
    }

    private static KeyResolution awsManaged(String keyArn) {
        return new KeyResolution.Resolved(new KeyFacts(keyArn, false, "Enabled", null, KeyFacts.Rotation.NOT_CHECKED));
    }

    private static KeyResolution state(String keyArn, String state, Instant deletion) {
        return new KeyResolution.Resolved(new KeyFacts(keyArn, true, state, deletion, KeyFacts.Rotation.NOT_CHECKED));
    }

    private static KeyResolution rotating(String keyArn, KeyFacts.Rotation rotation) {
        return new KeyResolution.Resolved(new KeyFacts(keyArn, true, "Enabled", null, rotation));
    }

    private static KeyResolution denied() {
        return new KeyResolution.Unexaminable(Reason.ACCESS_DENIED, "kms:DescribeKey denied");
    }

    private static KeyResolution notFound() {
        return new KeyResolution.Unexaminable(Reason.NOT_FOUND, "kms:DescribeKey: NotFoundException");
    }
}
