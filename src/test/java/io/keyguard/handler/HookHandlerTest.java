package io.keyguard.handler;

import static io.keyguard.testing.FakeAws.keyArnOf;
import static io.keyguard.testing.HookRequests.CREATE;
import static io.keyguard.testing.HookRequests.DELETE;
import static io.keyguard.testing.HookRequests.ENDPOINT_CONFIG;
import static io.keyguard.testing.HookRequests.TOKEN;
import static io.keyguard.testing.HookRequests.UPDATE;
import static io.keyguard.testing.HookRequests.bytes;
import static io.keyguard.testing.HookRequests.create;
import static io.keyguard.testing.HookRequests.endpointConfig;
import static io.keyguard.testing.HookRequests.json;
import static io.keyguard.testing.HookRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.app.EndpointConfigHookService;
import io.keyguard.aws.CallLimits;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.HookRequests;
import io.keyguard.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CloudFormation hook through its Lambda entry point: requests in the documented shape of a resource operation,
 * the real SDK KMS client over HTTP against the local fake, and every field of the answer checked.
 */
class HookHandlerTest {

    private static final String KEY = keyArnOf("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b");
    private static final String DISABLED_KEY = keyArnOf("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    private static final String UNKNOWN_KEY = keyArnOf("99999999-8888-4777-8666-555555555555");
    private static final String DESCRIBE_KEY = "TrentService.DescribeKey";
    private static final String ROTATION = "TrentService.GetKeyRotationStatus";
    /** The fake's test-sized timeouts and backoff, with the hook's number of attempts. */
    private static final CallLimits LIMITS = new CallLimits(FakeAws.TEST_LIMITS.connectTimeout(),
            FakeAws.TEST_LIMITS.socketTimeout(), FakeAws.TEST_LIMITS.attemptTimeout(),
            FakeAws.TEST_LIMITS.callTimeout(), CallLimits.HOOK.maxAttempts(), FakeAws.TEST_LIMITS.baseDelay(),
            FakeAws.TEST_LIMITS.throttlingBaseDelay(), FakeAws.TEST_LIMITS.maxBackoff());
    private static final String NOT_JUDGED = "A key could not be examined, so the config was not judged: ";

    private FakeAws aws;

    @BeforeEach
    void start() {
        aws = new FakeAws()
                .withKey(KEY, true, "Enabled", false, "alias/ml-storage")
                .withKey(DISABLED_KEY, true, "Disabled", true);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void creatingAConfigWithAnEnabledCustomerManagedKeySucceedsAfterKmsDescribedIt() {
        try (LogCapture log = new LogCapture()) {
            JsonNode answer = answer(create(endpointConfig(KEY, "ml.m5.large")));

            assertSuccess("KmsKeyId " + KEY + " is customer-managed, Enabled.", answer);
            assertEquals(List.of(KEY), keysDescribed());
            assertEquals(List.of(DESCRIBE_KEY), List.copyOf(aws.targetsCalled()));
            JsonNode decision = single(log.lines("hook decision"));
            assertEquals("INFO", decision.path("level").asText());
            assertEquals(HookRequests.HOOK, decision.path("rule").asText(), "the hook's alias names the rule");
            assertEquals(HookRequests.STACK_ID, decision.path("stack").asText());
            assertEquals("FraudScoringConfig", decision.path("target").asText());
            assertEquals(ENDPOINT_CONFIG, decision.path("resourceType").asText());
            assertEquals(CREATE, decision.path("action").asText());
            assertEquals("COMPLIANT", decision.path("verdict").asText());
            assertEquals("SUCCESS", decision.path("hookStatus").asText());
            assertEquals(answer.path("message").asText(), decision.path("reason").asText());
            assertFalse(log.text().contains("ProductionVariants"), "the properties are never logged: " + log.text());
        }
    }

    /** CloudFormation's documents leave open whether "empty" previous properties are absent, null or {}. */
    @ParameterizedTest
    @ValueSource(strings = {"absent", "null", "{}"})
    void aCreateIsJudgedWhateverFormItsEmptyPreviousPropertiesTake(String previous) {
        ObjectNode request = create(endpointConfig(KEY, "ml.m5.large"));
        ObjectNode model = (ObjectNode) request.path("requestData").path("targetModel");
        switch (previous) {
            case "absent" -> model.remove("previousResourceProperties");
            case "null" -> model.putNull("previousResourceProperties");
            default -> model.putObject("previousResourceProperties");
        }

        assertSuccess("KmsKeyId " + KEY + " is customer-managed, Enabled.", answer(request));
        assertEquals(List.of(KEY), keysDescribed());
    }

    @Test
    void anUpdateJudgesTheProposedPropertiesNotThePreviousOnes() {
        JsonNode answer = answer(request(UPDATE, ENDPOINT_CONFIG, endpointConfig(DISABLED_KEY, "ml.m5.large"),
                endpointConfig(KEY, "ml.m5.large")));

        assertFailed("NonCompliant", "KmsKeyId " + DISABLED_KEY + " is Disabled. Enable the key or use an enabled"
                + " customer-managed key.", answer);
        assertEquals(List.of(DISABLED_KEY), keysDescribed(), "the previous key is not looked up");
    }

    @Test
    void anUpdateToACompliantConfigSucceeds() {
        JsonNode answer = answer(request(UPDATE, ENDPOINT_CONFIG, endpointConfig("alias/ml-storage", "ml.m5.large"),
                endpointConfig(null, "ml.m5.large")));

        assertSuccess("KmsKeyId alias/ml-storage is customer-managed, Enabled.", answer);
        assertEquals(List.of("alias/ml-storage"), keysDescribed(), "the alias is described as written");
    }

    @Test
    void aDisabledKeyFailsAsNonCompliant() {
        JsonNode answer = answer(create(endpointConfig(DISABLED_KEY, "ml.m5.large")));

        assertFailed("NonCompliant", "KmsKeyId " + DISABLED_KEY + " is Disabled. Enable the key or use an enabled"
                + " customer-managed key.", answer);
        assertEquals(List.of(DISABLED_KEY), keysDescribed());
    }

    @Test
    void aConfigWithoutAKeyFailsWithoutAnyCall() {
        JsonNode answer = answer(create(endpointConfig(null, "ml.m5.large")));

        assertFailed("NonCompliant", "No KmsKeyId: storage volumes use an AWS-owned key you cannot control. Set"
                + " KmsKeyId to a customer-managed KMS key.", answer);
        assertEquals(List.of(), aws.requests());
    }

    @Test
    void deletingAConfigSucceedsWithoutAnyCall() {
        try (LogCapture log = new LogCapture()) {
            JsonNode answer = answer(request(DELETE, ENDPOINT_CONFIG, json("{}"), endpointConfig(null, "ml.m5.large")));

            assertSuccess("Deleting an endpoint config is not judged: only what is created or updated can be"
                    + " unencrypted.", answer);
            assertEquals(List.of(), aws.requests());
            JsonNode decision = single(log.lines("hook decision"));
            assertEquals(DELETE, decision.path("action").asText());
            assertTrue(decision.path("verdict").isMissingNode(), "nothing was judged: " + decision);
        }
    }

    @Test
    void anotherResourceTypeSucceedsWithoutAnyCall() {
        JsonNode answer = answer(request(CREATE, "AWS::S3::Bucket",
                json("{\"BucketName\":\"my-bucket\",\"ObjectLockEnabled\":\"true\"}"), null));

        assertSuccess("AWS::S3::Bucket is not judged: this hook judges only AWS::SageMaker::EndpointConfig.", answer);
        assertEquals(List.of(), aws.requests());
    }

    /** Cloud Control API names the type in targetName only: targetType is RESOURCE, the stack empty. */
    @Test
    void aCloudControlRequestIsJudgedByItsTargetName() {
        ObjectNode request = create(endpointConfig(UNKNOWN_KEY, "ml.m5.large")).put("stackId", "");
        ((ObjectNode) request.path("requestData")).put("targetType", "RESOURCE")
                .put("targetLogicalId", "AWS::SageMaker::EndpointConfig-fraud-scoring-op-1-req-2");

        assertFailed("NonCompliant", "KmsKeyId " + UNKNOWN_KEY + " was not found by KMS (deleted, or in another"
                + " account or region). Use an existing customer-managed key.", answer(request));
        assertEquals(List.of(UNKNOWN_KEY), keysDescribed());
    }

    /** A key KMS does not find takes unexaminableKeyVerdict: NON_COMPLIANT by default, and so FAILED. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|FAILED",
        "{\"unexaminableKeyVerdict\":\"NOT_APPLICABLE\"}|SUCCESS"})
    void anUnknownKeyFollowsUnexaminableKeyVerdict(String ruleParameters, String status) {
        JsonNode answer = answer(create(endpointConfig(UNKNOWN_KEY, "ml.m5.large")), ruleParameters);

        String message = "KmsKeyId " + UNKNOWN_KEY + " was not found by KMS (deleted, or in another account or"
                + " region). Use an existing customer-managed key.";
        if (status.equals("FAILED")) {
            assertFailed("NonCompliant", message, answer);
        } else {
            assertSuccess(message, answer);
        }
        assertEquals(List.of(UNKNOWN_KEY), keysDescribed());
    }

    @Test
    void aVariantOnLocalNvmeStorageSucceedsWithTheLocalStorageAnnotation() {
        JsonNode answer = answer(create(endpointConfig(null, "ml.g5.xlarge")));

        assertSuccess("Variant(s) AllTraffic (ml.g5.xlarge) have local NVMe storage, encrypted by the instance"
                + " hardware; a KmsKeyId does not encrypt it.", answer);
        assertEquals(List.of(), aws.requests(), "no key to look up");
    }

    /** CloudFormation may send booleans and numbers as strings; both forms read alike. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true|\"1\"|FAILED",
        "\"true\"|1|FAILED",
        "\"TRUE\"|\"1\"|FAILED",
        "false|1|SUCCESS",
        "\"false\"|\"1\"|SUCCESS"})
    void booleansAndNumbersReadAlikeWhetherStringsOrJsonValues(String enableCapture, String percentage,
                                                              String status) {
        ObjectNode properties = endpointConfig(KEY, "ml.m5.large");
        properties.set("DataCaptureConfig", json("{\"EnableCapture\":" + enableCapture
                + ",\"InitialSamplingPercentage\":" + percentage + ",\"DestinationS3Uri\":\"s3://captures/fraud\","
                + "\"CaptureOptions\":[{\"CaptureMode\":\"Input\"}]}"));
        ((ObjectNode) properties.path("ProductionVariants").get(0)).put("InitialInstanceCount", "2");

        JsonNode answer = answer(create(properties), "{\"checkDataCaptureKey\":\"true\"}");

        if (status.equals("FAILED")) {
            assertFailed("NonCompliant", "Data capture is on but DataCaptureConfig.KmsKeyId is not set, so captured"
                    + " data is not under your key. Set DataCaptureConfig.KmsKeyId to a customer-managed key.", answer);
        } else {
            assertSuccess("KmsKeyId " + KEY + " is customer-managed, Enabled.", answer);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"alias/aws/sagemaker", "arn:aws:kms:us-east-1:123456789012:alias/aws/sagemaker"})
    void anAwsManagedAliasFailsWithoutAskingKms(String alias) {
        JsonNode answer = answer(create(endpointConfig(alias, "ml.m5.large")));

        assertFailed("NonCompliant", "KmsKeyId " + alias + " is an AWS-managed key, whose policy you do not control."
                + " Use a customer-managed key.", answer);
        assertEquals(List.of(), aws.bodies(DESCRIBE_KEY), "DescribeKey on alias/aws/... would create that key");
    }

    @Test
    void withRotationRequiredTheKeysRotationIsReadByItsArn() {
        JsonNode answer = answer(create(endpointConfig("alias/ml-storage", "ml.m5.large")),
                "{\"requireKeyRotation\":\"true\"}");

        assertFailed("NonCompliant", "KmsKeyId alias/ml-storage has automatic rotation off. Enable it on the key"
                + " (kms:EnableKeyRotation).", answer);
        assertEquals(List.of("alias/ml-storage"), keysDescribed());
        assertEquals(List.of(KEY), aws.bodies(ROTATION).stream().map(b -> b.path("KeyId").asText()).toList());
    }

    @Test
    void kmsThrottlingPastTheRetriesAnswersInternalFailure() {
        aws.failNext(DESCRIBE_KEY, CallLimits.HOOK.maxAttempts(), 400, "ThrottlingException", "Rate exceeded");
        try (LogCapture log = new LogCapture()) {
            JsonNode answer = answer(create(endpointConfig(KEY, "ml.m5.large")));

            assertFailed("InternalFailure", NOT_JUDGED + "kms:DescribeKey failed for " + KEY
                    + ": ThrottlingException (HTTP 400): Rate exceeded", answer);
            assertEquals(CallLimits.HOOK.maxAttempts(), aws.served(DESCRIBE_KEY), "every attempt was made");
            JsonNode decision = single(log.lines("hook decision"));
            assertEquals("ERROR", decision.path("level").asText());
            assertEquals("InternalFailure", decision.path("errorCode").asText());
        }
    }

    /**
     * A KMS that never answers: with the hook's limits, two attempts time out after 4 s each and the call's 10 s end
     * the third, so the hook answers within its time. The fake's clients make those timeouts elapse, not the clock.
     */
    @Test
    void aKmsThatNeverAnswersFailsTheHookAtItsCallTimeout() {
        aws.hangNext(DESCRIBE_KEY, CallLimits.HOOK.maxAttempts());
        CallLimits hookLimits = new CallLimits(FakeAws.TEST_LIMITS.connectTimeout(),
                FakeAws.TEST_LIMITS.socketTimeout(), CallLimits.HOOK.attemptTimeout(), CallLimits.HOOK.callTimeout(),
                CallLimits.HOOK.maxAttempts(), CallLimits.HOOK.baseDelay(), CallLimits.HOOK.throttlingBaseDelay(),
                CallLimits.HOOK.maxBackoff());
        HookHandler handler = new HookHandler(new EndpointConfigHookService(aws.clients(hookLimits), null));

        JsonNode answer = HookRequests.invoke(handler, bytes(create(endpointConfig(KEY, "ml.m5.large"))), null);

        assertEquals("FAILED", answer.path("hookStatus").asText());
        assertEquals("InternalFailure", answer.path("errorCode").asText());
        assertTrue(answer.path("message").asText().startsWith(NOT_JUDGED + "kms:DescribeKey failed for " + KEY
                + ": ApiCallTimeoutException"), answer.toString());
        assertEquals(TOKEN, answer.path("clientRequestToken").asText());
        assertEquals(3, aws.served(DESCRIBE_KEY));
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(4),
                Duration.ofSeconds(4)), aws.timeoutsScheduled());
    }

    @Test
    void withTooLittleTimeLeftNoCallStartsAndTheAnswerSaysSo() {
        JsonNode answer = answer(create(endpointConfig(KEY, "ml.m5.large")), null, new FixedTimeContext(5_000));

        assertFailed("InternalFailure", "The hook's time ran out before every key was examined, so the config was not"
                + " judged.", answer);
        assertEquals(List.of(), aws.requests());
    }

    @Test
    void theBudgetNeverExceedsWhatCloudFormationWaitsAndKeepsACallAndTheAnswerInHand() {
        TimeBudget generous = HookHandler.budgetFor(new FixedTimeContext(900_000));
        assertTrue(generous.remaining().compareTo(HookHandler.HOOK_TIMEOUT) <= 0, generous.remaining().toString());

        TimeBudget scarce = HookHandler.budgetFor(new FixedTimeContext(
                (int) CallLimits.HOOK.callTimeout().plus(HookHandler.ANSWER_ALLOWANCE).toMillis()));
        assertFalse(scarce.allowsAnotherCall(), "a call must be able to end, and the answer be written, in time");
        assertTrue(HookHandler.budgetFor(null).isUnlimited());
        assertTrue(CallLimits.HOOK.callTimeout().multipliedBy(2).plus(HookHandler.ANSWER_ALLOWANCE)
                .compareTo(HookHandler.HOOK_TIMEOUT) < 0, "a key's two calls fit in the hook's time");
    }

    @Test
    void unusableRuleParametersAnswerInternalFailureNamingTheParameter() {
        JsonNode answer = answer(create(endpointConfig(KEY, "ml.m5.large")), "{\"requireKeyRotation\":\"yes\"}");

        assertFailed("InternalFailure", "The hook's rule parameters (RULE_PARAMETERS) cannot be used: Rule parameter"
                + " requireKeyRotation is 'yes'; expected true or false.", answer);
        assertEquals(List.of(), aws.requests());
    }

    /** What CloudFormation never sends, or a property of a shape SageMaker does not take: named, never thrown. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "clientRequestToken|The hook request's clientRequestToken is missing or empty; CloudFormation sends it with"
                + " every request.",
        "actionInvocationPoint|The hook request's actionInvocationPoint must be a string, not a number.",
        "requestData|The hook request's requestData is missing; a resource operation's request carries its target"
                + " there.",
        "targetNames|The hook request's requestData has neither targetName nor targetType; one of them names the"
                + " resource type.",
        "resourceProperties|The hook request's requestData.targetModel.resourceProperties must be a JSON object, not"
                + " a string.",
        "noResourceProperties|The hook request has no requestData.targetModel.resourceProperties; CloudFormation sends"
                + " the proposed properties at CREATE_PRE_PROVISION.",
        "ProductionVariants|requestData.targetModel.resourceProperties cannot be read as an endpoint config:"
                + " ProductionVariants must be a list, not an object",
        "EnableCapture|requestData.targetModel.resourceProperties cannot be read as an endpoint config:"
                + " DataCaptureConfig.EnableCapture is 'maybe'; expected true or false",
        "KmsKeyId|requestData.targetModel.resourceProperties cannot be read as an endpoint config: KmsKeyId is !Ref"
                + " ModelKey, which names no parameter or resource in this file."})
    void aMalformedRequestAnswersInternalFailureNamingWhatIsWrong(String broken, String message) {
        ObjectNode request = create(endpointConfig(KEY, "ml.m5.large"));
        ObjectNode data = (ObjectNode) request.path("requestData");
        ObjectNode properties = (ObjectNode) data.path("targetModel").path("resourceProperties");
        switch (broken) {
            case "clientRequestToken" -> request.remove("clientRequestToken");
            case "actionInvocationPoint" -> request.put("actionInvocationPoint", 1);
            case "requestData" -> request.remove("requestData");
            case "targetNames" -> data.remove(List.of("targetName", "targetType"));
            case "resourceProperties" -> ((ObjectNode) data.path("targetModel")).put("resourceProperties", "{}");
            case "noResourceProperties" -> ((ObjectNode) data.path("targetModel")).remove("resourceProperties");
            case "ProductionVariants" -> properties.set("ProductionVariants", json("{\"VariantName\":\"A\"}"));
            case "EnableCapture" -> properties.set("DataCaptureConfig", json("{\"EnableCapture\":\"maybe\"}"));
            default -> properties.set("KmsKeyId", json("{\"Ref\":\"ModelKey\"}"));
        }

        JsonNode answer = answer(request);

        assertEquals("FAILED", answer.path("hookStatus").asText());
        assertEquals("InternalFailure", answer.path("errorCode").asText());
        assertEquals(message, answer.path("message").asText());
        assertEquals(broken.equals("clientRequestToken") ? null : TOKEN, answer.path("clientRequestToken").textValue(),
                "echoed whenever it could be read");
        assertEquals(List.of(), aws.requests());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json|The hook request is not valid JSON: Unrecognized token 'not'",
        "[1]|The hook request must be a JSON object, not an array.",
        "''|The hook request is empty.",
        "{\"clientRequestToken\":\"t\"} {}|The hook request is not valid JSON: Trailing token"})
    void aDocumentThatIsNoRequestAnswersInternalFailure(String document, String messageStart) {
        JsonNode answer = HookRequests.invoke(handler(null), document.getBytes(StandardCharsets.UTF_8), null);

        assertEquals("FAILED", answer.path("hookStatus").asText());
        assertEquals("InternalFailure", answer.path("errorCode").asText());
        assertTrue(answer.path("message").asText().startsWith(messageStart), answer.toString());
        assertTrue(answer.path("clientRequestToken").isNull(), "no token could be read: " + answer);
        assertEquals(List.of(), aws.requests());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private JsonNode answer(ObjectNode request) {
        return answer(request, null);
    }

    private JsonNode answer(ObjectNode request, String ruleParameters) {
        return answer(request, ruleParameters, null);
    }

    private JsonNode answer(ObjectNode request, String ruleParameters, Context context) {
        return HookRequests.invoke(handler(ruleParameters), bytes(request), context);
    }

    private HookHandler handler(String ruleParameters) {
        return new HookHandler(new EndpointConfigHookService(aws.clients(LIMITS), ruleParameters));
    }

    private List<String> keysDescribed() {
        return aws.bodies(DESCRIBE_KEY).stream().map(b -> b.path("KeyId").asText()).toList();
    }

    /** SUCCESS: no errorCode, the verdict's annotation, the token echoed; nothing else. */
    private static void assertSuccess(String message, JsonNode answer) {
        assertEquals(List.of("hookStatus", "message", "clientRequestToken"), fieldNames(answer), answer.toString());
        assertEquals("SUCCESS", answer.path("hookStatus").asText());
        assertEquals(message, answer.path("message").asText());
        assertEquals(TOKEN, answer.path("clientRequestToken").asText());
    }

    private static void assertFailed(String errorCode, String message, JsonNode answer) {
        assertEquals(List.of("hookStatus", "errorCode", "message", "clientRequestToken"), fieldNames(answer),
                answer.toString());
        assertEquals("FAILED", answer.path("hookStatus").asText());
        assertEquals(errorCode, answer.path("errorCode").asText());
        assertEquals(message, answer.path("message").asText());
        assertEquals(TOKEN, answer.path("clientRequestToken").asText());
    }

    private static List<String> fieldNames(JsonNode answer) {
        return answer.properties().stream().map(Map.Entry::getKey).toList();
    }

    private static JsonNode single(List<JsonNode> lines) {
        assertEquals(1, lines.size(), lines.toString());
        return lines.get(0);
    }
}
