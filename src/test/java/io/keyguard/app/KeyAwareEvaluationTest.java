package io.keyguard.app;

import static io.keyguard.testing.FakeAws.arnOf;
import static io.keyguard.testing.FakeAws.keyArnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key-aware verdicts through the handler: KMS, and SageMaker tags, over HTTP against the local fake. */
class KeyAwareEvaluationTest {

    private static final String KEY_ID = "5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5";
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/" + KEY_ID;
    private static final String FOREIGN_KEY = keyArnOf("210987654321", "mrk-1234abcd12ab34cd56ef1234567890ab");
    private static final String DESCRIBE_KEY = "TrentService.DescribeKey";
    private static final String ROTATION = "TrentService.GetKeyRotationStatus";

    private FakeAws aws;
    private RuleFunction handler;

    @BeforeEach
    void start() {
        aws = new FakeAws()
                .withKey(KEY, true, "Enabled", false, "alias/payments-ml")
                .withKey(FOREIGN_KEY, true, "Enabled", true, "alias/shared-ml");
        handler = new RuleFunction(aws.clients());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {KEY, KEY_ID, "alias/payments-ml", "arn:aws:kms:us-east-1:123456789012:alias/payments-ml",
            "arn:aws:kms:us-east-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws:kms:us-east-1:210987654321:alias/shared-ml"})
    void everyFormOfKeyReferenceIsDescribedAsWrittenAndPasses(String reference) {
        JsonNode evaluation = evaluateChange("cfg", reference, "{}");

        assertEquals(reference, single(aws.bodies(DESCRIBE_KEY)).path("KeyId").asText());
        assertEquals("COMPLIANT", evaluation.path("ComplianceType").asText());
        assertEquals("KmsKeyId " + reference + " is customer-managed, Enabled.", evaluation.path("Annotation").asText());
    }

    @Test
    void kmsKeyArnsMatchesTheResolvedKeyWhateverFormTheConfigUses() {
        JsonNode evaluation = evaluateChange("cfg", "alias/payments-ml", "{\"kmsKeyArns\":\"" + KEY + "\"}");

        assertEquals("COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().endsWith("allowed by kmsKeyArns."));
    }

    @Test
    void aliasArnEntriesInKmsKeyArnsAreResolvedToo() {
        JsonNode evaluation = evaluateChange("cfg", KEY,
                "{\"kmsKeyArns\":\"arn:aws:kms:us-east-1:123456789012:alias/payments-ml\"}");

        assertEquals("COMPLIANT", evaluation.path("ComplianceType").asText());
        assertEquals(List.of(KEY, "arn:aws:kms:us-east-1:123456789012:alias/payments-ml"),
                aws.bodies(DESCRIBE_KEY).stream().map(b -> b.path("KeyId").asText()).toList());
    }

    @Test
    void accessDeniedByAnotherAccountsKeyPolicyIsNeverCompliantAndSaysWhatToGrant() {
        aws.denyKms(DESCRIBE_KEY, FOREIGN_KEY);

        JsonNode evaluation = evaluateChange("cfg", FOREIGN_KEY, "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertEquals("KmsKeyId " + FOREIGN_KEY + " could not be examined: KMS denied access. Allow the rule's role"
                + " kms:DescribeKey in the key policy.", evaluation.path("Annotation").asText());
    }

    @Test
    void unexaminableVerdictIsConfigurable() {
        aws.denyKms(DESCRIBE_KEY, FOREIGN_KEY);

        JsonNode evaluation = evaluateChange("cfg", FOREIGN_KEY, "{\"unexaminableKeyVerdict\":\"NOT_APPLICABLE\"}");

        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
    }

    @Test
    void keyNotFound() {
        JsonNode evaluation = evaluateChange("cfg", keyArnOf("00000000-0000-0000-0000-000000000000"), "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("was not found by KMS"));
    }

    @Test
    void disabledKeyIsNamed() {
        String disabled = keyArnOf("d15ab1ed-0000-4000-8000-000000000000");
        aws.withKey(disabled, true, "Disabled", false);

        JsonNode evaluation = evaluateChange("cfg", disabled, "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains(" is Disabled."));
    }

    @Test
    void keyPendingDeletionNamesTheDate() {
        String doomed = keyArnOf("de1e7ed0-0000-4000-8000-000000000000");
        aws.withKey(doomed, true, "PendingDeletion", false);

        JsonNode evaluation = evaluateChange("cfg", doomed, "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("is PendingDeletion (deleted on 2026-01-01)"),
                evaluation.path("Annotation").asText());
    }

    @Test
    void awsManagedKeyFoundThroughKmsIsNonCompliant() {
        String awsKey = keyArnOf("a0a0a0a0-0000-4000-8000-000000000000");
        aws.withKey(awsKey, false, "Enabled", true);

        JsonNode evaluation = evaluateChange("cfg", awsKey, "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("is an AWS-managed key"));
    }

    @Test
    void awsManagedAliasIsJudgedWithoutAskingKms() {
        JsonNode evaluation = evaluateChange("cfg", "alias/aws/sagemaker", "{}");

        assertTrue(aws.bodies(DESCRIBE_KEY).isEmpty(), "DescribeKey on alias/aws/... would create the AWS-managed key");
        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
    }

    @Test
    void rotationIsReadOnlyWhenRequiredAndByKeyArn() {
        evaluateChange("cfg", "alias/payments-ml", "{}");
        assertTrue(aws.bodies(ROTATION).isEmpty());

        JsonNode evaluation = evaluateChange("cfg", "alias/payments-ml", "{\"requireKeyRotation\":\"true\"}");

        assertEquals(KEY, single(aws.bodies(ROTATION)).path("KeyId").asText());
        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("automatic rotation off"));
    }

    @Test
    void periodicRunDescribesEachKeyOnceAndReadsEachRotationOnce() {
        for (int i = 0; i < 30; i++) {
            aws.withEndpointConfig("shared-key-" + i, i % 3 == 0 ? "alias/payments-ml" : KEY);
        }

        handler.handleRequest(TestEvents.scheduled("{\"requireKeyRotation\":\"true\"}"), null);

        assertEquals(30, aws.evaluationsPut().size());
        assertEquals(List.of("alias/payments-ml", KEY), aws.bodies(DESCRIBE_KEY).stream()
                .map(b -> b.path("KeyId").asText()).sorted().toList(), "one DescribeKey per distinct reference");
        assertEquals(1, aws.bodies(ROTATION).size(), "one GetKeyRotationStatus per key");
    }

    @Test
    void exemptionTagIsReadFromSageMakerByArn() {
        aws.withEndpointConfig("legacy-batch", null)
                .withTags(arnOf("legacy-batch"), Map.of("compliance-exempt", "RISK-42"));

        JsonNode evaluation = evaluateChange("legacy-batch", null, "{\"exemptionTagKey\":\"compliance-exempt\"}");

        assertEquals(arnOf("legacy-batch"), single(aws.bodies("SageMaker.ListTags")).path("ResourceArn").asText());
        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("compliance-exempt=RISK-42"));
    }

    @Test
    void tagsAreNotReadWithoutAnExemptionTag() {
        evaluateChange("cfg", KEY, "{}");

        assertTrue(aws.bodies("SageMaker.ListTags").isEmpty());
    }

    @Test
    void kmsThrottlingThatOutlastsRetriesFailsTheInvocationInsteadOfAVerdict() {
        aws.withEndpointConfig("cfg", KEY).failNext(DESCRIBE_KEY, 5, 400, "ThrottlingException", "Rate exceeded");

        // Millisecond backoff: what is tested is the outcome, not production's seconds of waiting.
        RuleFunction quickRetries = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS));
        RuleInvocationException e = assertThrows(RuleInvocationException.class, () -> quickRetries.handleRequest(
                TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf("cfg"), "cfg", "OK"), null));

        assertTrue(e.getMessage().contains("kms:DescribeKey") && e.getMessage().contains("ThrottlingException"),
                e.getMessage());
        assertTrue(aws.evaluationsPut().isEmpty());
    }

    private JsonNode evaluateChange(String name, String kmsKeyId, String ruleParameters) {
        aws.resetRequests();
        aws.withEndpointConfig(name, kmsKeyId);
        ConfigEvent event = TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf(name), name, "OK");
        event.setRuleParameters(ruleParameters);
        handler.handleRequest(event, null);
        return single(aws.evaluationsPut());
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), () -> "expected exactly one, got " + nodes);
        return nodes.get(0);
    }
}
