package io.keyguard.iac;

import static io.keyguard.iac.IacFixtures.finding;
import static io.keyguard.iac.IacFixtures.lineContaining;
import static io.keyguard.iac.IacFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.configrule.Compliance;
import io.keyguard.rule.RuleParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a template can give a key, in YAML (short-form tags) and in JSON (long form): the same verdict and
 * annotation from both, on the line of the resource's logical id.
 */
class CloudFormationRulesTest {

    private static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String NO_KEY = "No KmsKeyId: storage volumes use an AWS-owned key you cannot control.";
    private static final String NOT_CHECKED = " is set; key state and manager were not checked.";

    private static Stream<Arguments> keyValues() {
        return Stream.of(
                row("LiteralKeyArn", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED),
                row("RefToKeyResource", Compliance.COMPLIANT, "KmsKeyId !Ref ModelKey" + NOT_CHECKED),
                row("GetAttKeyArn", Compliance.COMPLIANT, "KmsKeyId !GetAtt ModelKey.Arn" + NOT_CHECKED),
                row("ImportedKey", Compliance.COMPLIANT, "KmsKeyId !ImportValue shared-ml-key-arn" + NOT_CHECKED),
                row("SubKeyArn", Compliance.COMPLIANT, "KmsKeyId !Sub 'arn:${AWS::Partition}:kms:"),
                row("NoValueKey", Compliance.NON_COMPLIANT, NO_KEY),
                row("EmptyStringKey", Compliance.NON_COMPLIANT, NO_KEY),
                row("ParameterDefaultKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED
                        + " KmsKeyId is !Ref AllowedKeyArn, checked through its default " + ARN
                        + "; a deployment may pass another value."),
                row("ParameterEmptyDefaultKey", Compliance.NON_COMPLIANT, NO_KEY,
                        "KmsKeyId is !Ref EmptyKeyArn, whose default is empty: absent unless a deployment passes"
                                + " a value."),
                row("ParameterWithoutDefaultKey", Compliance.COMPLIANT, "KmsKeyId !Ref KeyArnWithoutDefault"
                        + NOT_CHECKED + " KmsKeyId is !Ref KeyArnWithoutDefault, a parameter without a default: its"
                        + " value is known only at deployment."),
                row("SsmParameterKey", Compliance.COMPLIANT, "KmsKeyId !Ref KeyFromSsm" + NOT_CHECKED,
                        "read from the SSM parameter /platform/sagemaker/key-arn at deployment."),
                row("AwsManagedAlias", Compliance.NON_COMPLIANT,
                        "KmsKeyId alias/aws/sagemaker is an AWS-managed key, whose policy you do not control."),
                row("IfKeyInBothBranches", Compliance.COMPLIANT, "When UseCmk is true: KmsKeyId !GetAtt ModelKey.Arn"
                        + NOT_CHECKED + " Both branches of every Fn::If (UseCmk) were checked."),
                row("IfNoValueWhenFalse", Compliance.NON_COMPLIANT, "When UseCmk is false: " + NO_KEY),
                row("NestedIfEmptyInner", Compliance.NON_COMPLIANT, "When UseCmk is true and IsEu is true: " + NO_KEY));
    }

    private static Stream<Arguments> otherSlots() {
        String captureOff = "Data capture is on but DataCaptureConfig.KmsKeyId is not set";
        return Stream.of(
                row("CaptureOnWithoutKey", Compliance.NON_COMPLIANT, captureOff),
                row("CaptureDefaultOnWithoutKey", Compliance.NON_COMPLIANT, captureOff),
                row("CaptureOffWithoutKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED),
                row("CaptureWithKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED,
                        "DataCaptureConfig.KmsKeyId alias/capture-key" + NOT_CHECKED),
                row("AsyncWithoutOutputKey", Compliance.NON_COMPLIANT,
                        "Async inference output has no AsyncInferenceConfig.OutputConfig.KmsKeyId."),
                row("AsyncWithOutputKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED,
                        "AsyncInferenceConfig.OutputConfig.KmsKeyId !ImportValue async-output-key-arn is set"),
                row("LocalStorageGpu", Compliance.NOT_APPLICABLE, "Variant(s) Gpu (ml.g5.xlarge) have local NVMe"
                        + " storage", "ProductionVariants[0].InstanceType is !Ref GpuInstanceType, checked through"
                        + " its default ml.g5.xlarge"),
                row("ServerlessWithoutKey", Compliance.NON_COMPLIANT, "No KmsKeyId on this serverless config"),
                row("ExemptByTag", Compliance.NOT_APPLICABLE,
                        "Exempt: the config carries the exemption tag compliance-exempt=TICKET-42"));
    }

    private static Stream<Arguments> shapes() {
        String local = " have local NVMe storage, encrypted by the instance hardware; a KmsKeyId does not encrypt it.";
        String dumps = " writes core dumps to S3 without CoreDumpConfig.KmsKeyId";
        return Stream.of(
                row("ShadowOnLocalStorage", Compliance.NOT_APPLICABLE,
                        "Variant(s) shadow variant Candidate (ml.p4d.24xlarge)" + local),
                row("ShadowOnEbsWithoutKey", Compliance.NON_COMPLIANT, NO_KEY),
                row("PoolsWithLocalType", Compliance.NOT_APPLICABLE, "Variant(s) Pooled (ml.g6.xlarge)" + local),
                row("PoolsOnEbsWithKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED),
                row("CoreDumpsWithoutKey", Compliance.NON_COMPLIANT, "Variant AllTraffic" + dumps),
                row("CoreDumpsWithKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED,
                        "CoreDumpConfig.KmsKeyId of AllTraffic alias/dumps" + NOT_CHECKED),
                row("ShadowCoreDumpsWithoutKey", Compliance.NON_COMPLIANT, "Shadow variant Candidate" + dumps),
                row("ServerlessWithKey", Compliance.COMPLIANT, "KmsKeyId " + ARN + NOT_CHECKED));
    }

    private static final Map<String, String> CORE_DUMPS = Map.of("checkCoreDumpKey", "true");

    @ParameterizedTest(name = "{0} (YAML)")
    @MethodSource("shapes")
    void everyShapeInYaml(String resource, Compliance expected, List<String> fragments) {
        check("cfn/shapes.yaml", CORE_DUMPS, resource, expected, fragments);
    }

    @ParameterizedTest(name = "{0} (JSON)")
    @MethodSource("shapes")
    void everyShapeInJson(String resource, Compliance expected, List<String> fragments) {
        check("cfn/shapes.json", CORE_DUMPS, resource, expected, fragments);
    }

    private static Arguments row(String resource, Compliance compliance, String... fragments) {
        return Arguments.of(resource, compliance, List.of(fragments));
    }

    @ParameterizedTest(name = "{0} (YAML)")
    @MethodSource("keyValues")
    void keyValuesInYaml(String resource, Compliance expected, List<String> fragments) {
        check("cfn/key-values.yaml", Map.of(), resource, expected, fragments);
    }

    @ParameterizedTest(name = "{0} (JSON)")
    @MethodSource("keyValues")
    void keyValuesInJson(String resource, Compliance expected, List<String> fragments) {
        check("cfn/key-values.json", Map.of(), resource, expected, fragments);
    }

    private static final Map<String, String> ALL_SLOTS = Map.of("checkDataCaptureKey", "true",
            "checkAsyncOutputKey", "true", "exemptionTagKey", "compliance-exempt");

    @ParameterizedTest(name = "{0} (YAML)")
    @MethodSource("otherSlots")
    void otherSlotsInYaml(String resource, Compliance expected, List<String> fragments) {
        check("cfn/other-slots.yaml", ALL_SLOTS, resource, expected, fragments);
    }

    @ParameterizedTest(name = "{0} (JSON)")
    @MethodSource("otherSlots")
    void otherSlotsInJson(String resource, Compliance expected, List<String> fragments) {
        check("cfn/other-slots.json", ALL_SLOTS, resource, expected, fragments);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cfn/key-values.yaml", "cfn/key-values.json"})
    void kmsKeyArnsIsMatchedThroughAParameterDefaultAndFailsWhatCannotBeMatchedOffline(String file) {
        ScanResult result = scan(Map.of("kmsKeyArns", ARN), file);

        assertEquals(Compliance.COMPLIANT, finding(result, file, "ParameterDefaultKey").compliance());
        assertEquals(Compliance.COMPLIANT, finding(result, file, "LiteralKeyArn").compliance());
        Finding imported = finding(result, file, "ImportedKey");
        assertEquals(Compliance.NON_COMPLIANT, imported.compliance());
        assertTrue(imported.annotation().startsWith("KmsKeyId !ImportValue shared-ml-key-arn is not listed in"
                + " kmsKeyArns."), imported.annotation());
        assertTrue(imported.annotation().endsWith("kmsKeyArns is compared with the key reference as written:"
                + " offline, KMS is not asked which key an alias, key id or intrinsic names."), imported.annotation());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cfn/other-slots.yaml", "cfn/other-slots.json"})
    void slotsTheParametersDoNotAskForAreNotChecked(String file) {
        ScanResult result = scan(Map.of(), file);

        assertEquals(Compliance.COMPLIANT, finding(result, file, "CaptureOnWithoutKey").compliance());
        assertEquals(Compliance.COMPLIANT, finding(result, file, "AsyncWithoutOutputKey").compliance());
        assertEquals(Compliance.NON_COMPLIANT, finding(result, file, "ExemptByTag").compliance());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cfn/sam-transform.yaml", "cfn/sam-transform.json"})
    void samTemplatesWithATransformAreScannedAndEachConfigIsJudged(String file) {
        ScanResult result = scan(Map.of(), file);

        assertEquals(2, result.findings().size(), result.toString());
        Finding serving = finding(result, file, "ServingConfig");
        assertEquals(Compliance.NON_COMPLIANT, serving.compliance());
        assertTrue(serving.annotation().startsWith("When IsProd is false: " + NO_KEY), serving.annotation());
        assertEquals(lineOfLogicalId(file, "ServingConfig"), serving.line());
        Finding shadow = finding(result, file, "ShadowConfig");
        assertEquals(Compliance.COMPLIANT, shadow.compliance());
        assertEquals(lineOfLogicalId(file, "ShadowConfig"), shadow.line());
        assertTrue(shadow.line() > serving.line(), "findings in source order");
    }

    @Test
    void configsGeneratedByFnForEachAreJudgedUnderTheLogicalIdAsWritten(@TempDir Path dir) throws Exception {
        Path template = Files.writeString(dir.resolve("foreach.yaml"), String.join("\n",
                "Transform: AWS::LanguageExtensions",
                "Resources:",
                "  Fn::ForEach::Stages:",
                "    - Stage",
                "    - [dev, prod]",
                "    - Config${Stage}:",
                "        Type: AWS::SageMaker::EndpointConfig",
                "        Properties:",
                "          ProductionVariants:",
                "            - {VariantName: AllTraffic, ModelName: m, InstanceType: ml.m5.large}",
                ""));

        ScanResult result = new IacScanner(RuleParameters.defaults()).scan(List.of(template));

        assertEquals(1, result.findings().size(), result.toString());
        assertEquals("Config${Stage}", result.findings().get(0).resource());
        assertEquals(Compliance.NON_COMPLIANT, result.findings().get(0).compliance());
        assertEquals(6, result.findings().get(0).line());
    }

    private static void check(String file, Map<String, String> parameters, String resource, Compliance expected,
                              List<String> fragments) {
        ScanResult result = scan(parameters, file);
        Finding finding = finding(result, file, resource);

        assertEquals(expected, finding.compliance(), finding.annotation());
        assertTrue(finding.annotation().startsWith(fragments.get(0)), finding.annotation());
        for (String fragment : fragments) {
            assertTrue(finding.annotation().contains(fragment), () -> fragment + " in " + finding.annotation());
        }
        assertEquals(lineOfLogicalId(file, resource), finding.line());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
    }

    private static int lineOfLogicalId(String file, String resource) {
        return lineContaining(file, file.endsWith(".json") ? "\"" + resource + "\": {" : "  " + resource + ":");
    }
}
