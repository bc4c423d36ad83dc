package io.keyguard.handler;

import static io.keyguard.testing.FakeAws.arnOf;
import static io.keyguard.testing.FakeAws.keyArnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.app.RemediationService;
import io.keyguard.remediation.CopyNames;
import io.keyguard.remediation.InvalidRemediationRequestException;
import io.keyguard.remediation.RemediationFailedException;
import io.keyguard.remediation.RemediationReport;
import io.keyguard.remediation.RemediationReport.Outcome;
import io.keyguard.remediation.RemediationRequest;
import io.keyguard.remediation.RemediationStep;
import io.keyguard.remediation.RemediationStep.Status;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.SteppingClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The remediation through its Lambda entry point, over HTTP against the local fake of SageMaker and KMS. */
class RemediationHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final String KEY = keyArnOf(KEY_ID);
    private static final String ORIGINAL = "churn-model-v3";
    private static final String COPY = CopyNames.of(ORIGINAL, KEY);
    private static final Duration POLL = Duration.ofSeconds(15);

    /** The calls that change something in the account; a dry run and a repeated run make none of them. */
    private static final Set<String> MUTATING = Set.of("SageMaker.CreateEndpointConfig", "SageMaker.UpdateEndpoint",
            "SageMaker.DeleteEndpointConfig", "SageMaker.AddTags");

    private FakeAws aws;
    private RemediationService remediation;
    private RemediationHandler handler;

    @BeforeEach
    void start() {
        aws = new FakeAws().withKey(KEY, true, "Enabled", true, "alias/ml-storage");
        remediation = new RemediationService(aws.clients(), SteppingClock.pacing(POLL));
        handler = new RemediationHandler(remediation);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void theCopyIsTheOriginalButForNameKeyAndTagsAndEachInServiceEndpointIsMovedToIt() throws IOException {
        ObjectNode original = fullConfig();
        aws.withEndpointConfig(original.deepCopy())
                .withTags(arnOf(ORIGINAL), Map.of("team", "churn", "aws:cloudformation:stack-name", "ml-prod"))
                .withEndpoint("churn-api", ORIGINAL, "InService")
                .withEndpoint("churn-batch", ORIGINAL, "InService")
                .withEndpoint("fraud-api", "fraud-scoring-cmk", "InService");

        RemediationReport report = apply(arnOf(ORIGINAL), false, false);

        JsonNode create = single(aws.bodies("SageMaker.CreateEndpointConfig"));
        ObjectNode expected = original.deepCopy();
        expected.remove(List.of("_comment", "EndpointConfigName"));
        expected.put("KmsKeyId", KEY);
        ObjectNode sent = create.deepCopy();
        sent.remove(List.of("EndpointConfigName", "Tags"));
        assertEquals(expected, sent, "every field carried over, KmsKeyId set");
        assertEquals(COPY, create.path("EndpointConfigName").asText());
        assertEquals(Map.of("team", "churn", "keyguard:remediated-from", arnOf(ORIGINAL)), tags(create),
                "tags copied (AWS-reserved ones cannot be set) plus the link to the original");

        List<JsonNode> updates = aws.bodies("SageMaker.UpdateEndpoint");
        assertEquals(List.of("churn-api", "churn-batch"), updates.stream().map(u -> u.path("EndpointName").asText())
                .toList(), "one UpdateEndpoint per InService endpoint on the original, none for others");
        for (JsonNode update : updates) {
            assertEquals(COPY, update.path("EndpointConfigName").asText());
            assertTrue(update.path("RetainAllVariantProperties").asBoolean(), "autoscaled counts and weights kept");
            assertFalse(update.has("RetainDeploymentConfig"), "no earlier deployment configuration to reuse");
        }
        assertEquals(Outcome.IN_PROGRESS, report.outcome(), report.summary());
        assertEquals(3, report.changes());
        assertTrue(aws.hasEndpointConfig(ORIGINAL), "the original is kept unless deletion is asked for");
    }

    @Test
    void aDryRunReportsThePlanAndMakesNoMutatingCall() throws IOException {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .withEndpoint("churn-batch", ORIGINAL, "Updating");

        JsonNode report = invoke("{\"EndpointConfigId\":\"" + arnOf(ORIGINAL) + "\",\"KmsKeyArn\":\"" + KEY + "\"}");

        assertNoMutatingCall();
        assertEquals("PLANNED", report.path("outcome").asText());
        assertTrue(report.path("dryRun").asBoolean(), "DryRun defaults to true");
        assertEquals(List.of("CreateEndpointConfig " + COPY + " PLANNED", "UpdateEndpoint churn-api PLANNED",
                "UpdateEndpoint churn-batch SKIPPED", "DeleteEndpointConfig " + ORIGINAL + " KEPT"), steps(report));
        assertTrue(report.path("summary").asText().startsWith("Dry run, nothing changed: would create " + COPY
                + " with KmsKeyId " + KEY + " and move 1 endpoint(s) to it."), report.path("summary").asText());
    }

    @Test
    void aSecondRunAfterSuccessMakesNoMutatingCall() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService");
        RemediationReport first = apply(ORIGINAL, true, false);
        assertEquals(Outcome.REMEDIATED, first.outcome(), first.summary());
        aws.resetRequests();

        RemediationReport second = apply(ORIGINAL, true, false);

        assertNoMutatingCall();
        assertEquals(Outcome.REMEDIATED, second.outcome(), second.summary());
        assertEquals(0, second.changes());
        assertEquals(List.of(Status.ALREADY_DONE, Status.ALREADY_DONE, Status.KEPT),
                second.steps().stream().map(RemediationStep::status).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Updating", "Creating", "Failed", "RollingBack", "SystemUpdating", "OutOfService",
            "Deleting", "UpdateRollbackFailed"})
    void endpointsThatAreNotInServiceAreSkippedWithAReasonAndFailTheRun(String status) {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .withEndpoint("churn-other", ORIGINAL, status);

        RemediationFailedException e = assertThrows(RemediationFailedException.class, () -> invoke(
                "{\"EndpointConfigId\":\"" + ORIGINAL + "\",\"KmsKeyArn\":\"" + KEY + "\",\"DryRun\":\"false\"}"));

        assertEquals(List.of("churn-api"), aws.bodies("SageMaker.UpdateEndpoint").stream()
                .map(u -> u.path("EndpointName").asText()).toList(), "the InService endpoint is still moved");
        assertEquals(Outcome.INCOMPLETE, e.report().outcome());
        assertTrue(e.getMessage().contains("UpdateEndpoint churn-other: Endpoint is " + status), e.getMessage());
    }

    @Test
    void aFailedEndpointsReasonIsNamed() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "Failed");

        RemediationReport report = apply(ORIGINAL, false, false);

        assertEquals("Endpoint is Failed (Model container failed its health check.): SageMaker does not update a"
                + " failed endpoint; fix or recreate it first.", step(report, "churn-api").detail());
    }

    @Test
    void localStorageInstanceTypesAreRefusedBeforeAnyChange() {
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", "llm-chat");
        config.putArray("ProductionVariants").addObject().put("VariantName", "primary").put("ModelName", "llm")
                .put("InitialInstanceCount", 1).put("InstanceType", "ml.g5.2xlarge");
        aws.withEndpointConfig(config).withEndpoint("llm-api", "llm-chat", "InService");

        RemediationFailedException e = assertThrows(RemediationFailedException.class, () -> invoke(
                "{\"EndpointConfigId\":\"llm-chat\",\"KmsKeyArn\":\"" + KEY + "\",\"DryRun\":false}"));

        assertNoMutatingCall();
        assertEquals(Outcome.REFUSED, e.report().outcome());
        assertTrue(e.getMessage().contains("Variant(s) primary (ml.g5.2xlarge) run on instance types with local NVMe"
                + " storage"), e.getMessage());
    }

    /** DescribeKey on alias/aws/... would create that AWS-managed key: refused before any call at all. */
    @ParameterizedTest
    @ValueSource(strings = {"alias/aws/sagemaker", "arn:aws:kms:us-east-1:123456789012:alias/aws/sagemaker",
            "ALIAS/AWS/S3"})
    void anAwsManagedAliasAsTheTargetIsRefusedBeforeAnyCall(String key) {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService");

        RemediationReport report = remediation.remediate(new RemediationRequest(ORIGINAL, key, false, false, false),
                Duration.ofMinutes(10));

        assertEquals(Outcome.REFUSED, report.outcome());
        assertEquals(key + " names an AWS-managed key, whose policy you do not control: the copy needs a"
                + " customer-managed key (a key ARN, key id, or an alias of your own).", report.summary());
        assertEquals(List.of(), aws.requests(), "no call, to KMS or SageMaker");
    }

    @Test
    void aShadowVariantOnLocalStorageIsRefusedToo() {
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", "shadowed");
        config.putArray("ProductionVariants").addObject().put("VariantName", "primary").put("ModelName", "m")
                .put("InitialInstanceCount", 1).put("InstanceType", "ml.m5.large");
        config.putArray("ShadowProductionVariants").addObject().put("VariantName", "shadow").put("ModelName", "m2")
                .put("InitialInstanceCount", 1).put("InstanceType", "ml.p4d.24xlarge");
        aws.withEndpointConfig(config);

        RemediationReport report = apply("shadowed", false, false);

        assertNoMutatingCall();
        assertEquals(Outcome.REFUSED, report.outcome());
        assertTrue(report.summary().contains("shadow (ml.p4d.24xlarge)"), report.summary());
    }

    @Test
    void aServerlessConfigIsGivenTheKey() {
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", "search-serverless");
        config.putArray("ProductionVariants").addObject().put("VariantName", "AllTraffic").put("ModelName", "search")
                .putObject("ServerlessConfig").put("MemorySizeInMB", 4096).put("MaxConcurrency", 20);
        aws.withEndpointConfig(config).withEndpoint("search-api", "search-serverless", "InService");

        RemediationReport report = apply("search-serverless", false, false);

        JsonNode create = single(aws.bodies("SageMaker.CreateEndpointConfig"));
        assertEquals(KEY, create.path("KmsKeyId").asText());
        assertEquals(4096, create.path("ProductionVariants").get(0).path("ServerlessConfig").path("MemorySizeInMB")
                .asInt());
        assertEquals(Outcome.IN_PROGRESS, report.outcome());
    }

    @Test
    void theKeyMustBeCustomerManagedEnabledAndExaminable() {
        aws.withEndpointConfig(ORIGINAL, null)
                .withKey(keyArnOf("a0a0a0a0-0000-4000-8000-000000000000"), false, "Enabled", true)
                .withKey(keyArnOf("d15ab1ed-0000-4000-8000-000000000000"), true, "Disabled", false)
                .withKey(keyArnOf("de1e7ed0-0000-4000-8000-000000000000"), true, "PendingDeletion", false)
                .denyKms("TrentService.DescribeKey", keyArnOf("5ec7e700-0000-4000-8000-000000000000"));

        assertRefused(keyArnOf("a0a0a0a0-0000-4000-8000-000000000000"), "is an AWS-managed key");
        assertRefused(keyArnOf("d15ab1ed-0000-4000-8000-000000000000"), "is Disabled, not Enabled");
        assertRefused(keyArnOf("de1e7ed0-0000-4000-8000-000000000000"), "is PendingDeletion, not Enabled");
        assertRefused(keyArnOf("5ec7e700-0000-4000-8000-000000000000"), "KMS denied kms:DescribeKey");
        assertRefused(keyArnOf("00000000-0000-4000-8000-000000000000"), "was not found");
        assertRefused("arn:aws:kms:eu-west-1:123456789012:key/" + KEY_ID, "was not found");
        assertNoMutatingCall();
    }

    @Test
    void anAliasIsResolvedAndTheCopyNamesTheKeyArn() {
        aws.withEndpointConfig(ORIGINAL, null);

        RemediationReport report = apply(ORIGINAL, "alias/ml-storage", false, false);

        assertEquals(KEY, single(aws.bodies("SageMaker.CreateEndpointConfig")).path("KmsKeyId").asText());
        assertEquals(COPY, report.copy(), "the same copy whatever form the key was given in");
    }

    @Test
    void aConfigThatAlreadyUsesTheKeyIsLeftAlone() {
        aws.withEndpointConfig(ORIGINAL, "alias/ml-storage").withEndpoint("churn-api", ORIGINAL, "InService");

        RemediationReport report = apply(ORIGINAL, false, false);

        assertNoMutatingCall();
        assertEquals(Outcome.ALREADY_ENCRYPTED, report.outcome());
    }

    @Test
    void waitsUntilTheEndpointsAreInServiceOnTheCopyThenDeletesTheOriginal() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .withEndpoint("churn-batch", ORIGINAL, "InService").updatesFinishAfterDescribes(3);

        RemediationReport report = apply(ORIGINAL, true, true);

        assertEquals(Outcome.REMEDIATED, report.outcome(), report.summary());
        assertEquals("InService on " + COPY + " after 60 s.", step(report, "WaitForInService", "churn-api").detail(),
                "polled every 15 s: Updating three times, then InService");
        assertEquals(1, aws.bodies("SageMaker.DeleteEndpointConfig").size());
        assertFalse(aws.hasEndpointConfig(ORIGINAL));
        assertEquals(COPY, aws.endpoint("churn-api").path("EndpointConfigName").asText());
    }

    @Test
    void theOriginalIsNeverDeletedWhileAnEndpointUsesItAndALaterRunFinishes() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .updatesFinishAfterDescribes(1);

        RemediationReport first = apply(ORIGINAL, false, true);

        assertTrue(aws.bodies("SageMaker.DeleteEndpointConfig").isEmpty(), "churn-api is still updating");
        assertEquals(Status.DEFERRED, step(first, "DeleteEndpointConfig", ORIGINAL).status());
        assertEquals(Outcome.IN_PROGRESS, first.outcome());

        RemediationReport second = apply(ORIGINAL, false, true);

        assertEquals(1, aws.bodies("SageMaker.DeleteEndpointConfig").size(), "deleted once churn-api left it");
        assertEquals(Outcome.REMEDIATED, second.outcome(), second.summary());
        aws.resetRequests();

        RemediationReport third = apply(arnOf(ORIGINAL), false, true);

        assertNoMutatingCall();
        assertEquals(Outcome.REMEDIATED, third.outcome(), "original gone, copy in place: " + third.summary());
    }

    @Test
    void endpointsStillUpdatingWhenTheWaitEndsAreReportedInProgress() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .updatesFinishAfterDescribes(100);

        RemediationReport report = remediation.remediate(new RemediationRequest(ORIGINAL, KEY, false, true, true),
                Duration.ofSeconds(60));

        RemediationStep wait = step(report, "WaitForInService", "churn-api");
        assertEquals(Status.IN_PROGRESS, wait.status());
        assertTrue(wait.detail().contains("after waiting 60 s"), wait.detail());
        assertTrue(aws.bodies("SageMaker.DeleteEndpointConfig").isEmpty());
        assertEquals(Outcome.IN_PROGRESS, report.outcome());
    }

    @Test
    void anUpdateThatRollsBackIsReportedAndTheOriginalIsKept() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-api", ORIGINAL, "InService")
                .updatesRollBack();

        RemediationReport report = apply(ORIGINAL, true, true);

        RemediationStep wait = step(report, "WaitForInService", "churn-api");
        assertEquals(Status.FAILED, wait.status());
        assertEquals("The update did not take: the endpoint is InService on " + ORIGINAL + ".", wait.detail());
        assertTrue(aws.bodies("SageMaker.DeleteEndpointConfig").isEmpty(), "churn-api still runs on the original");
        assertEquals(Outcome.INCOMPLETE, report.outcome());
    }

    @Test
    void anUpdateSageMakerRefusesIsReportedAndTheOtherEndpointsStillMove() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpoint("churn-a", ORIGINAL, "InService")
                .withEndpoint("churn-b", ORIGINAL, "InService")
                .failNext("SageMaker.UpdateEndpoint", 1, 400, "ValidationException", "Endpoint is busy");

        RemediationReport report = apply(ORIGINAL, false, false);

        assertEquals(Status.FAILED, step(report, "churn-a").status());
        assertTrue(step(report, "churn-a").detail().contains("ValidationException (HTTP 400): Endpoint is busy"));
        assertEquals(Status.DONE, step(report, "churn-b").status());
        assertEquals(Outcome.INCOMPLETE, report.outcome());
    }

    @Test
    void aConfigCarryingTheCopysNameThatIsNotTheCopyIsNeitherUsedNorOverwritten() {
        aws.withEndpointConfig(ORIGINAL, null).withEndpointConfig(COPY, KEY).withEndpoint("churn-api", ORIGINAL,
                "InService");

        RemediationReport report = apply(ORIGINAL, false, false);

        assertNoMutatingCall();
        assertEquals(Outcome.REFUSED, report.outcome());
        assertTrue(report.summary().startsWith("An endpoint config named " + COPY + " exists but is not the"
                + " encrypted copy of " + ORIGINAL), report.summary());
    }

    @Test
    void everyPageOfEndpointsIsRead() {
        aws.withEndpointConfig(ORIGINAL, null);
        for (int i = 0; i < 103; i++) {
            aws.withEndpoint(String.format("endpoint-%03d", i), i == 102 ? ORIGINAL : "other", "InService");
        }

        apply(ORIGINAL, false, false);

        assertEquals(2, aws.bodies("SageMaker.ListEndpoints").size());
        assertEquals("endpoint-102", single(aws.bodies("SageMaker.UpdateEndpoint")).path("EndpointName").asText());
    }

    @Test
    void aMissingConfigIsRefused() {
        RemediationReport report = apply("no-such-config", false, false);

        assertEquals(Outcome.REFUSED, report.outcome());
        assertTrue(report.summary().startsWith("Endpoint config no-such-config was not found"), report.summary());
    }

    @Test
    void awsFailuresFailTheInvocationNamingTheOperation() {
        aws.withEndpointConfig(ORIGINAL, null)
                .failNext("SageMaker.CreateEndpointConfig", 5, 400, "AccessDeniedException", "not authorized");

        RuntimeException e = assertThrows(RuntimeException.class, () -> apply(ORIGINAL, false, false));

        assertEquals("sagemaker:CreateEndpointConfig failed for " + COPY + ": AccessDeniedException (HTTP 400): not"
                + " authorized (grant this action to the function's execution role)", e.getMessage());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertInvalid("{\"EndpointConfigId\":\"x\"}", "KmsKeyArn is missing or not a non-empty string.");
        assertInvalid("{\"EndpointConfigId\":\"x\",\"KmsKeyArn\":\"k\",\"dryrun\":\"false\"}",
                "Unknown remediation field(s) [dryrun]; the function accepts only " + RemediationRequest.FIELDS
                        + " (names are case-sensitive).");
        assertInvalid("{\"EndpointConfigId\":\"x\",\"KmsKeyArn\":\"k\",\"DryRun\":\"maybe\"}",
                "DryRun is \"maybe\"; expected true or false.");
        assertInvalid("{\"EndpointConfigId\":\"x\",\"KmsKeyArn\":\"k\",\"DryRun\":\"" + "n".repeat(300) + "\"}",
                "DryRun is \"" + "n".repeat(119) + "… (302 characters); expected true or false.");
        assertInvalid("{\"EndpointConfigId\":\"x\",\"KmsKeyArn\":\"k\",\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\\nforged\":1}",
                "Unknown remediation field(s) [a, b, c, d, e] and 3 more; the function accepts only "
                        + RemediationRequest.FIELDS + " (names are case-sensitive).");
        assertInvalid("{\"EndpointConfigId\":\"x\",\"KmsKeyArn\":\"k\",\"h\\nforged\":1}",
                "Unknown remediation field(s) [h\\u000aforged]; the function accepts only " + RemediationRequest.FIELDS
                        + " (names are case-sensitive).");
        assertInvalid("[]", "The remediation input must be a JSON object with the fields " + RemediationRequest.FIELDS
                + ".");
        assertInvalid("{", "The remediation input is not valid JSON: Unexpected end-of-input: expected close marker"
                + " for Object (start marker at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`"
                + " disabled); line: 1, column: 1])");
        assertNoMutatingCall();
    }

    // ---- test support ----------------------------------------------------------------------------------

    private RemediationReport apply(String configId, boolean wait, boolean delete) {
        return apply(configId, KEY, wait, delete);
    }

    private RemediationReport apply(String configId, String key, boolean wait, boolean delete) {
        return remediation.remediate(new RemediationRequest(configId, key, false, wait, delete), Duration.ofMinutes(10));
    }

    private JsonNode invoke(String input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        return JSON.readTree(output.toByteArray());
    }

    private void assertRefused(String key, String reason) {
        RemediationReport report = apply(ORIGINAL, key, false, false);
        assertEquals(Outcome.REFUSED, report.outcome(), report.summary());
        assertTrue(report.summary().contains(reason), report.summary());
    }

    private void assertInvalid(String input, String message) {
        InvalidRemediationRequestException e = assertThrows(InvalidRemediationRequestException.class,
                () -> invoke(input));
        assertEquals(message, e.getMessage());
    }

    private void assertNoMutatingCall() {
        Set<String> called = aws.targetsCalled();
        assertTrue(called.stream().noneMatch(MUTATING::contains), "mutating calls made: " + called);
    }

    private static ObjectNode fullConfig() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("src/test/resources/remediation/"
                + "full-endpoint-config.json")));
    }

    private static Map<String, String> tags(JsonNode create) {
        Map<String, String> tags = new java.util.TreeMap<>();
        create.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }

    private static List<String> steps(JsonNode report) {
        List<String> steps = new java.util.ArrayList<>();
        report.path("steps").forEach(s -> steps.add(s.path("action").asText() + " " + s.path("target").asText() + " "
                + s.path("status").asText()));
        return steps;
    }

    private static RemediationStep step(RemediationReport report, String target) {
        return step(report, "UpdateEndpoint", target);
    }

    private static RemediationStep step(RemediationReport report, String action, String target) {
        RemediationStep found = report.steps().stream()
                .filter(s -> s.action().equals(action) && s.target().equals(target)).findFirst().orElse(null);
        assertNotNull(found, () -> "no " + action + " step for " + target + " in " + report.steps());
        return found;
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), () -> "expected exactly one, got " + nodes);
        return nodes.get(0);
    }
}
