package io.keyguard.handler;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.configrule.EvaluationsNotRecordedException;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.configrule.event.InvalidEventException;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bundled event through the handler, with the real SDK clients talking HTTP to a local fake. */
class ConfigRuleHandlerTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String PUT = "StarlingDoveService.PutEvaluations";
    private static final String DESCRIBE = "SageMaker.DescribeEndpointConfig";
    private static final String LIST = "SageMaker.ListEndpointConfigs";
    private static final String HISTORY = "StarlingDoveService.GetComplianceDetailsByConfigRule";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeAws aws;
    private RuleFunction handler;

    @BeforeEach
    void start() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
        handler = new RuleFunction(aws.clients());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void compliantChangeDescribesTheConfigByNameAndPutsOneEvaluationForTheItem() {
        String result = handler.handleRequest(TestEvents.load("change-compliant.json"), null);

        assertEquals("1 evaluation(s) reported", result);
        List<JsonNode> describes = aws.bodies(DESCRIBE);
        assertEquals(1, describes.size());
        assertEquals("fraud-scoring-cmk", describes.get(0).path("EndpointConfigName").asText());
        List<JsonNode> puts = aws.bodies(PUT);
        assertEquals(1, puts.size());
        JsonNode put = puts.get(0);
        assertEquals("TESTMODE", put.path("ResultToken").asText());
        assertTrue(put.path("TestMode").asBoolean(), "TESTMODE token must put in TestMode");
        JsonNode evaluation = put.path("Evaluations").get(0);
        assertEquals("AWS::SageMaker::EndpointConfig", evaluation.path("ComplianceResourceType").asText());
        assertEquals(arnOf("fraud-scoring-cmk"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("COMPLIANT", evaluation.path("ComplianceType").asText());
        assertEquals("KmsKeyId " + KEY + " is customer-managed, Enabled.", evaluation.path("Annotation").asText());
        assertEquals(epochSeconds("2026-11-24T08:15:01.117Z"), evaluation.path("OrderingTimestamp").asDouble());
        assertEquals(List.of(DESCRIBE, "TrentService.DescribeKey", PUT), targetsInOrder());
    }

    /**
     * Edited copies of the bundled events with what AWS Config never sends: refused through the Lambda entry point
     * before any AWS call, naming the field and what was expected, and logged as refused.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scheduled.json|resultToken|5|The event's resultToken is a number; AWS Config sends it as a string.",
        "scheduled.json|invokingEvent|OBJECT|The event's invokingEvent is a JSON object, not a string; AWS Config"
                + " sends invokingEvent as a string that holds JSON.",
        "change-noncompliant.json|notificationCreationTime|yesterday|invokingEvent.notificationCreationTime"
                + " 'yesterday' is not an ISO-8601 timestamp such as 2024-05-01T12:00:00.000Z.",
    })
    void whatConfigNeverSendsIsRefusedBeforeAnyCallNamingTheField(String file, String field, String value,
                                                                  String message) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Files.readAllBytes(TestEvents.EVENTS.resolve(file)));
        switch (field) {
            case "resultToken" -> event.put("resultToken", Integer.parseInt(value));
            case "invokingEvent" -> event.set("invokingEvent", JSON.readTree(event.path("invokingEvent").asText()));
            default -> {
                ObjectNode invoking = (ObjectNode) JSON.readTree(event.path("invokingEvent").asText());
                invoking.put(field, value);
                event.put("invokingEvent", invoking.toString());
            }
        }

        try (LogCapture log = new LogCapture()) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> handler.handleRequest(
                    new ByteArrayInputStream(JSON.writeValueAsBytes(event)), new ByteArrayOutputStream(), null));

            assertEquals(message, e.getMessage());
            assertEquals(message, log.lines("invocation refused").get(0).path("reason").asText());
        }
        assertEquals(List.of(), aws.requests(), "no AWS call");
    }

    @Test
    void lambdaStreamFormReadsTheEventAsConfigSendsItAndAnswersAJsonString() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream input = Files.newInputStream(TestEvents.EVENTS.resolve("change-noncompliant.json"))) {
            handler.handleRequest(input, output, null);
        }

        assertEquals("\"1 evaluation(s) reported\"", output.toString(StandardCharsets.UTF_8));
        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals(arnOf("churn-model-v3"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(single(aws.bodies(PUT)).path("TestMode").asBoolean());
    }

    @Test
    void streamFormRejectsADocumentThatIsNotAnEventAndLogsTheRefusal() {
        for (String document : List.of("[1]", "", "{\"resultToken\":\"TESTMODE\",")) {
            try (LogCapture log = new LogCapture()) {
                InvalidEventException e = assertThrows(InvalidEventException.class, () -> handler.handleRequest(
                        new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(), null));
                assertTrue(e.getMessage().startsWith("The event "), e.getMessage());
                JsonNode refused = log.lines("invocation refused").get(0);
                assertEquals(e.getMessage(), refused.path("reason").asText());
            }
        }
        assertTrue(aws.requests().isEmpty());
    }

    @Test
    void nonCompliantChangeSaysWhyAndWhatToDo() {
        handler.handleRequest(TestEvents.load("change-noncompliant.json"), null);

        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals(arnOf("churn-model-v3"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().startsWith("No KmsKeyId"));
        assertTrue(evaluation.path("Annotation").asText().contains("customer-managed KMS key"));
        assertEquals(epochSeconds("2026-11-24T08:20:01.532Z"), evaluation.path("OrderingTimestamp").asDouble());
    }

    @Test
    void oversizedChangeTakesTheSamePathFromTheSummary() {
        handler.handleRequest(TestEvents.load("oversized-change.json"), null);

        assertEquals("llm-chat-multivariant", single(aws.bodies(DESCRIBE)).path("EndpointConfigName").asText());
        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals(arnOf("llm-chat-multivariant"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText(), "ml.g5 has local NVMe storage");
        assertTrue(evaluation.path("Annotation").asText().startsWith("Variant(s) primary (ml.g5.2xlarge), canary"
                + " (ml.g5.2xlarge) have local NVMe storage"), evaluation.path("Annotation").asText());
        assertEquals(epochSeconds("2026-11-24T08:25:01.870Z"), evaluation.path("OrderingTimestamp").asDouble());
    }

    @Test
    void deletedConfigIsNotApplicableWithoutCallingSageMaker() {
        handler.handleRequest(TestEvents.load("deleted.json"), null);

        assertEquals(List.of(PUT), targetsInOrder());
        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals(arnOf("retired-recommender"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
        assertEquals("Configuration item status is ResourceDeleted: nothing to evaluate.",
                evaluation.path("Annotation").asText());
    }

    @Test
    void everyGoneOrUnrecordedStatusAndLeftScopeAreNotApplicableWithoutCallingSageMaker() {
        for (String status : List.of("ResourceDeletedNotRecorded", "ResourceNotRecorded")) {
            handler.handleRequest(TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf("x"), "x", status), null);
        }
        ConfigEvent leftScope = TestEvents.load("change-compliant.json");
        leftScope.setEventLeftScope(true);
        handler.handleRequest(leftScope, null);

        assertTrue(aws.bodies(DESCRIBE).isEmpty());
        List<JsonNode> evaluations = aws.evaluationsPut();
        assertEquals(3, evaluations.size());
        evaluations.forEach(e -> assertEquals("NOT_APPLICABLE", e.path("ComplianceType").asText()));
        assertEquals("The endpoint config left the rule's scope.", evaluations.get(2).path("Annotation").asText());
    }

    @Test
    void configDeletedBetweenTheChangeAndTheCallIsNotApplicable() {
        handler.handleRequest(TestEvents.change("AWS::SageMaker::EndpointConfig",
                arnOf("vanished-config"), "vanished-config", "OK"), null);

        assertEquals(1, aws.bodies(DESCRIBE).size());
        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals(arnOf("vanished-config"), evaluation.path("ComplianceResourceId").asText());
        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
        assertTrue(evaluation.path("Annotation").asText().contains("no longer exists"));
    }

    @Test
    void anotherResourceTypeIsNotApplicableAndReportedOnItsOwnType() {
        handler.handleRequest(TestEvents.change("AWS::SageMaker::Model", "my-model", "my-model", "OK"), null);

        assertTrue(aws.bodies(DESCRIBE).isEmpty());
        JsonNode evaluation = single(aws.evaluationsPut());
        assertEquals("AWS::SageMaker::Model", evaluation.path("ComplianceResourceType").asText());
        assertEquals("my-model", evaluation.path("ComplianceResourceId").asText());
        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
    }

    @Test
    void withoutResourceNameTheNameIsTakenFromTheArnId() {
        aws.withEndpointConfig("named-by-arn", KEY);
        handler.handleRequest(TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf("named-by-arn"), null, "OK"),
                null);

        assertEquals("named-by-arn", single(aws.bodies(DESCRIBE)).path("EndpointConfigName").asText());
        assertEquals("COMPLIANT", single(aws.evaluationsPut()).path("ComplianceType").asText());
    }

    @Test
    void scheduledRunEvaluatesEveryConfigAndRetiresOnlyTheDeletedOne() {
        handler.handleRequest(TestEvents.load("scheduled.json"), null);

        List<JsonNode> evaluations = aws.evaluationsPut();
        assertEquals(7, evaluations.size(), "6 existing configs and 1 stale result");
        double ordering = epochSeconds("2026-11-24T09:00:00.373Z");
        evaluations.forEach(e -> assertEquals(ordering, e.path("OrderingTimestamp").asDouble()));
        assertEquals(Set.of(arnOf("fraud-scoring-cmk")), idsWith(evaluations, "COMPLIANT"));
        assertEquals(Set.of(arnOf("churn-model-v3"), arnOf("search-ranking-serverless"),
                arnOf("recsys-aws-managed-key"), arnOf("ltv-model-disabled-key")), idsWith(evaluations, "NON_COMPLIANT"));
        assertEquals(Set.of(arnOf("retired-recommender"), arnOf("llm-chat-multivariant")),
                idsWith(evaluations, "NOT_APPLICABLE"));
        JsonNode history = single(aws.bodies(HISTORY));
        assertEquals("sagemaker-endpoint-config-cmk", history.path("ConfigRuleName").asText());
        assertEquals(Set.of("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"), texts(history.path("ComplianceTypes")),
                "every earlier result, to evaluate the least recently evaluated first");
    }

    @Test
    void scheduledRunOver250ConfigsReadsThreePagesPutsThreeBatchesAndCleansUpAStaleResult() {
        try (FakeAws big = new FakeAws().withKey(KEY, true, "Enabled", true)) {
            for (int i = 0; i < 250; i++) {
                big.withEndpointConfig(String.format("config-%03d", i), i % 2 == 0 ? KEY : null);
            }
            big.withEarlierResult(arnOf("config-007"), "NON_COMPLIANT");
            big.withEarlierResult(arnOf("deleted-last-week"), "COMPLIANT");
            for (int i = 0; i < 150; i++) {
                big.withEarlierResult(arnOf(String.format("config-%03d", i)), i % 2 == 0 ? "COMPLIANT" : "NON_COMPLIANT");
            }

            new RuleFunction(big.clients()).handleRequest(TestEvents.load("scheduled.json"), null);

            List<JsonNode> lists = big.bodies(LIST);
            assertEquals(3, lists.size());
            assertFalse(lists.get(0).has("NextToken"));
            assertEquals("100", lists.get(1).path("NextToken").asText());
            assertEquals("200", lists.get(2).path("NextToken").asText());
            lists.forEach(l -> assertEquals(100, l.path("MaxResults").asInt()));
            assertEquals(250, big.bodies(DESCRIBE).size());
            assertEquals(1, big.bodies("TrentService.DescribeKey").size(), "one DescribeKey for the key 125 configs share");
            assertEquals(2, big.bodies(HISTORY).size(), "152 earlier results are two pages of 100");

            List<JsonNode> puts = big.bodies(PUT);
            assertEquals(List.of(100, 100, 51), puts.stream().map(p -> p.path("Evaluations").size()).toList());
            List<JsonNode> evaluations = big.evaluationsPut();
            assertEquals(251, ids(evaluations).size(), "each resource exactly once");
            assertEquals(Set.of(arnOf("deleted-last-week")), idsWith(evaluations, "NOT_APPLICABLE"));
            assertEquals(125, idsWith(evaluations, "COMPLIANT").size());
            assertEquals(125, idsWith(evaluations, "NON_COMPLIANT").size());
        }
    }

    @Test
    void earlierResultsRecordedUnderTheNameAreNeverRetiredWhileTheConfigExists() {
        aws.withEarlierResult("fraud-scoring-cmk", "COMPLIANT");
        aws.withEarlierResult(arnOf("FRAUD-SCORING-CMK"), "COMPLIANT");

        handler.handleRequest(TestEvents.load("scheduled.json"), null);

        assertEquals(Set.of(arnOf("retired-recommender"), arnOf("llm-chat-multivariant")),
                idsWith(aws.evaluationsPut(), "NOT_APPLICABLE"));
    }

    @Test
    void kmsKeyArnsParameterRestrictsTheKeys() {
        String otherKey = "arn:aws:kms:us-east-1:123456789012:key/99999999-5b6a-4987-8a9b-0c1d2e3f4a5b";
        handler.handleRequest(TestEvents.scheduled("{\"kmsKeyArns\":\"" + otherKey + "\"}"), null);

        JsonNode fraud = aws.evaluationsPut().stream()
                .filter(e -> e.path("ComplianceResourceId").asText().equals(arnOf("fraud-scoring-cmk")))
                .findFirst().orElseThrow();
        assertEquals("NON_COMPLIANT", fraud.path("ComplianceType").asText());
        assertTrue(fraud.path("Annotation").asText().contains("is not listed in kmsKeyArns"));
    }

    @Test
    void unknownParameterFailsBeforeAnyCallAndNamesIt() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> handler.handleRequest(TestEvents.scheduled("{\"kmsKeyArn\":\"x\"}"), null));

        assertTrue(e.getMessage().contains("kmsKeyArn"), e.getMessage());
        assertTrue(aws.requests().isEmpty(), "no AWS call and no evaluation written");
    }

    @Test
    void malformedParameterFailsAndNamesIt() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> handler.handleRequest(TestEvents.scheduled("{\"kmsKeyArns\":\"alias/my-key\"}"), null));

        assertTrue(e.getMessage().contains("kmsKeyArns") && e.getMessage().contains("alias/my-key"), e.getMessage());
        assertTrue(aws.requests().isEmpty());
    }

    @Test
    void invalidInvokingEventFailsWithTheFieldNamed() {
        ConfigEvent event = TestEvents.load("change-compliant.json");
        event.setInvokingEvent("{\"messageType\":\"ConfigurationItemChangeNotification\"}");

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> handler.handleRequest(event, null));
        assertEquals("invokingEvent.configurationItem is missing or not an object.", e.getMessage());
        assertTrue(aws.requests().isEmpty());
    }

    @Test
    void failedEvaluationsAreRetriedUntilRecorded() {
        aws.rejectEvaluationOf(arnOf("churn-model-v3"), 2);

        handler.handleRequest(TestEvents.load("change-noncompliant.json"), null);

        List<JsonNode> puts = aws.bodies(PUT);
        assertEquals(3, puts.size());
        puts.forEach(p -> assertEquals(arnOf("churn-model-v3"),
                p.path("Evaluations").get(0).path("ComplianceResourceId").asText()));
    }

    @Test
    void evaluationsThatStayFailedFailTheInvocationAndAreListed() {
        aws.rejectEvaluationOf(arnOf("churn-model-v3"), 100);

        EvaluationsNotRecordedException e = assertThrows(EvaluationsNotRecordedException.class,
                () -> handler.handleRequest(TestEvents.load("scheduled.json"), null));

        assertEquals(List.of(arnOf("churn-model-v3")), e.unrecorded().stream().map(u -> u.resourceId()).toList());
        assertTrue(e.getMessage().contains(arnOf("churn-model-v3")), e.getMessage());
        assertEquals(1 + 3, aws.bodies(PUT).size(), "the batch, then three retries of the failed evaluation");
    }

    @Test
    void accessDeniedFailsTheInvocationInsteadOfBecomingAVerdict() {
        aws.failNext(DESCRIBE, 1, 400, "AccessDeniedException",
                "User is not authorized to perform: sagemaker:DescribeEndpointConfig");

        RuleInvocationException e = assertThrows(RuleInvocationException.class,
                () -> handler.handleRequest(TestEvents.load("change-compliant.json"), null));

        assertTrue(e.getMessage().contains("sagemaker:DescribeEndpointConfig"), e.getMessage());
        assertTrue(e.getMessage().contains("AccessDeniedException"), e.getMessage());
        assertTrue(e.getMessage().contains(arnOf("fraud-scoring-cmk")), e.getMessage());
        assertTrue(aws.evaluationsPut().isEmpty(), "an error is never reported as a verdict");
    }

    @Test
    void throttlingThatOutlastsRetriesFailsWithAClearMessageAfterReportingTheRest() {
        aws.failNext(DESCRIBE, 5, 400, "ThrottlingException", "Rate exceeded");
        // One describe at a time, so all five throttles land on the same config's attempts; millisecond backoff.
        RuleFunction oneAtATime = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS), 1);

        RuleInvocationException e = assertThrows(RuleInvocationException.class,
                () -> oneAtATime.handleRequest(TestEvents.load("scheduled.json"), null));

        assertEquals(1, e.failures().size());
        assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
        assertEquals(6, aws.evaluationsPut().size(), "5 configs decided and 1 stale result, none for the failed one");
        String failedId = e.failures().get(0).resourceId();
        assertFalse(ids(aws.evaluationsPut()).contains(failedId));
    }

    @Test
    void throttlingWithinRetriesIsInvisible() {
        aws.failNext(DESCRIBE, 2, 400, "ThrottlingException", "Rate exceeded");

        handler.handleRequest(TestEvents.load("change-compliant.json"), null);

        assertEquals(3, aws.bodies(DESCRIBE).size());
        assertEquals("COMPLIANT", single(aws.evaluationsPut()).path("ComplianceType").asText());
    }

    @Test
    void aListingFailureSkipsCleanUpSoNoLiveConfigIsRetired() {
        aws.failNext(LIST, 5, 500, "InternalFailure", "boom");

        RuleInvocationException e = assertThrows(RuleInvocationException.class,
                () -> handler.handleRequest(TestEvents.load("scheduled.json"), null));

        assertTrue(e.getMessage().contains("sagemaker:ListEndpointConfigs"), e.getMessage());
        assertTrue(aws.evaluationsPut().isEmpty(), "no config listed, and the stale result is not retired either");
    }

    private List<String> targetsInOrder() {
        return aws.requests().stream().map(r -> r.getHeader("X-Amz-Target")).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), () -> "expected exactly one, got " + nodes);
        return nodes.get(0);
    }

    private static double epochSeconds(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    private static Set<String> idsWith(List<JsonNode> evaluations, String compliance) {
        Set<String> ids = new HashSet<>();
        evaluations.stream().filter(e -> compliance.equals(e.path("ComplianceType").asText()))
                .forEach(e -> ids.add(e.path("ComplianceResourceId").asText()));
        return ids;
    }

    private static Set<String> ids(List<JsonNode> evaluations) {
        Set<String> ids = new HashSet<>();
        evaluations.forEach(e -> ids.add(e.path("ComplianceResourceId").asText()));
        return ids;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
