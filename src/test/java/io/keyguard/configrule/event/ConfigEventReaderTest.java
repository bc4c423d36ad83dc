package io.keyguard.configrule.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.TargetAccount;
import io.keyguard.log.BoundedText;
import io.keyguard.testing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigEventReaderTest {

    @Test
    void changeNotification() {
        ConfigRuleInvocation invocation = read(TestEvents.load("change-compliant.json"));

        InvokingEvent.ResourceChange change = assertInstanceOf(InvokingEvent.ResourceChange.class,
                invocation.invokingEvent());
        assertEquals("AWS::SageMaker::EndpointConfig", change.resourceType());
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/fraud-scoring-cmk", change.resourceId());
        assertEquals("fraud-scoring-cmk", change.resourceName());
        assertEquals(Instant.parse("2026-11-24T08:15:01.117Z"), change.captureTime());
        assertEquals("sagemaker-endpoint-config-cmk", invocation.configRuleName());
        assertTrue(invocation.testMode());
        assertFalse(invocation.eventLeftScope());
    }

    @Test
    void oversizedNotificationUsesTheSummary() {
        InvokingEvent.ResourceChange change = (InvokingEvent.ResourceChange) read(TestEvents.load("oversized-change.json")).invokingEvent();

        assertEquals(InvokingEvent.OVERSIZED_CHANGE, change.messageType());
        assertEquals("llm-chat-multivariant", change.resourceName());
        assertEquals("OK", change.status());
    }

    @Test
    void scheduledNotification() {
        InvokingEvent.Scheduled scheduled = assertInstanceOf(InvokingEvent.Scheduled.class,
                read(TestEvents.load("scheduled.json")).invokingEvent());

        assertEquals(Instant.parse("2026-11-24T09:00:00.373Z"), scheduled.notificationCreationTime());
    }

    @Test
    void nameFallsBackToTheRecordedConfiguration() {
        InvokingEvent.ResourceChange change = (InvokingEvent.ResourceChange) ConfigEventReader.parseInvokingEvent(
                "{\"messageType\":\"ConfigurationItemChangeNotification\",\"configurationItem\":{"
                        + "\"resourceType\":\"AWS::SageMaker::EndpointConfig\",\"resourceId\":\"arn:x\","
                        + "\"resourceName\":null,\"configurationItemStatus\":\"OK\","
                        + "\"configurationItemCaptureTime\":\"2026-01-01T00:00:00Z\","
                        + "\"configuration\":{\"EndpointConfigName\":\"From-Config\"}}}");

        assertEquals("From-Config", change.resourceName());
    }

    @Test
    void noNameAnywhereLeavesItNull() {
        InvokingEvent.ResourceChange change = (InvokingEvent.ResourceChange) ConfigEventReader.parseInvokingEvent(
                "{\"messageType\":\"ConfigurationItemChangeNotification\",\"configurationItem\":{"
                        + "\"resourceType\":\"T\",\"resourceId\":\"id\",\"configurationItemStatus\":\"OK\","
                        + "\"configurationItemCaptureTime\":\"2026-01-01T00:00:00Z\",\"configuration\":null}}");

        assertNull(change.resourceName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|invokingEvent is missing from the event.",
        "not json|invokingEvent is not valid JSON",
        "[]|invokingEvent must be a JSON object.",
        "{}|invokingEvent.messageType is missing or not a non-empty string.",
        "{\"messageType\":\"ComplianceChange\"}|invokingEvent.messageType 'ComplianceChange' is not one this rule handles",
        "{\"messageType\":\"ScheduledNotification\"}|invokingEvent.notificationCreationTime is missing",
        "{\"messageType\":\"ScheduledNotification\",\"notificationCreationTime\":\"yesterday\"}"
                + "|invokingEvent.notificationCreationTime 'yesterday' is not an ISO-8601 timestamp",
        "{\"messageType\":\"OversizedConfigurationItemChangeNotification\",\"configurationItemSummary\":{}}"
                + "|invokingEvent.configurationItemSummary.resourceType is missing",
        "{\"messageType\":\"ConfigurationItemChangeNotification\",\"configurationItem\":{\"resourceType\":1}}"
                + "|invokingEvent.configurationItem.resourceType is missing or not a non-empty string.",
    })
    void malformedInvokingEventNamesTheField(String invokingEvent, String expectedStart) {
        ConfigEvent event = TestEvents.load("scheduled.json");
        event.setInvokingEvent(invokingEvent);

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> read(event));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|The event is empty; expected an AWS Config rule event.",
        "[]|The event must be a JSON object; expected an AWS Config rule event.",
        "{\"version\":|The event is not valid JSON: Unexpected end-of-input within/between Object entries",
        "{\"a\":}|The event is not valid JSON: Unexpected character ('}' (code 125)): expected a value",
        "{\"version\":\"1.0\" /* comment */}|The event is not valid JSON: Unexpected character ('/' (code 47))",
    })
    void aDeliveredDocumentThatIsNotAnEventIsRefused(String document, String expectedStart) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> ConfigEventReader.read(
                document == null ? new byte[0] : document.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    /** The file as Lambda delivers it, and the same event as the Lambda events library reads it, agree. */
    @Test
    void aDeliveredEventIsReadAsTheRuntimeWouldHaveDeserializedIt() throws Exception {
        ConfigRuleInvocation delivered = ConfigEventReader.read(
                Files.readAllBytes(TestEvents.EVENTS.resolve("change-noncompliant.json")));
        ConfigEvent expected = TestEvents.load("change-noncompliant.json");

        assertEquals(ConfigEventReader.parseInvokingEvent(expected.getInvokingEvent()), delivered.invokingEvent());
        assertEquals(ConfigEventReader.parseRuleParameters(expected.getRuleParameters()), delivered.ruleParameters());
        assertEquals(expected.getResultToken(), delivered.resultToken());
        assertEquals(expected.getConfigRuleName(), delivered.configRuleName());
        assertEquals(expected.getEventLeftScope(), delivered.eventLeftScope());
        assertEquals(expected.getAccountId(), delivered.target().accountId());
    }

    @Test
    void missingResultTokenIsRefused() {
        ConfigEvent event = TestEvents.load("scheduled.json");
        event.setResultToken(null);

        assertEquals("The event has no resultToken.",
                assertThrows(InvalidEventException.class, () -> read(event)).getMessage());
    }

    @Test
    void ruleParametersMayBeAbsentEmptyOrAnEmptyObject() {
        assertEquals(Map.of(), ConfigEventReader.parseRuleParameters(null));
        assertEquals(Map.of(), ConfigEventReader.parseRuleParameters(""));
        assertEquals(Map.of(), ConfigEventReader.parseRuleParameters("{}"));
        assertEquals(Map.of("a", "b"), ConfigEventReader.parseRuleParameters("{\"a\":\"b\",\"c\":null}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{bad|ruleParameters is not valid JSON",
        "[\"a\"]|ruleParameters must be a JSON object of parameter names to string values, not array.",
        "{\"kmsKeyArns\":42}|Rule parameter kmsKeyArns must be a string, not number.",
    })
    void malformedRuleParametersAreRefused(String json, String expectedStart) {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> ConfigEventReader.parseRuleParameters(json));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @Test
    void targetAccountCarriesTheEventsAccountAndTheExecutionRoleParameters() {
        ConfigEvent event = TestEvents.scheduled("{\"ExecutionRoleName\":\"audit/keyguard-member\","
                + "\"ExecutionRoleRegion\":\"eu-west-1\",\"requireKeyRotation\":\"true\"}");
        event.setAccountId("222233334444");

        ConfigRuleInvocation invocation = read(event);

        assertEquals(new TargetAccount("222233334444", "audit/keyguard-member", "eu-west-1"), invocation.target());
        assertEquals(Map.of("requireKeyRotation", "true"), invocation.ruleParameters(),
                "the rule's own parameters are handed on, the invocation's are not");
    }

    @Test
    void withoutExecutionRoleNameNoRoleIsAssumed() {
        TargetAccount target = read(TestEvents.scheduled("{}")).target();

        assertEquals(new TargetAccount("123456789012", null, null), target);
        assertFalse(target.assumesRole());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"ExecutionRoleName\":\"arn:aws:iam::222233334444:role/x\"}|Rule parameter ExecutionRoleName"
                + " 'arn:aws:iam::222233334444:role/x' is not an IAM role name (1-64 letters, digits and + = , . @ _ -,"
                + " optionally after a path such as audit/).",
        "{\"ExecutionRoleName\":\"has space\"}|Rule parameter ExecutionRoleName 'has space' is not an IAM role name"
                + " (1-64 letters, digits and + = , . @ _ -, optionally after a path such as audit/).",
        "{\"ExecutionRoleName\":\"r\",\"ExecutionRoleRegion\":\"EU-WEST-1\"}|Rule parameter ExecutionRoleRegion"
                + " 'EU-WEST-1' is not an AWS Region code such as eu-west-1.",
        "{\"ExecutionRoleRegion\":\"eu-west-1\"}|Rule parameter ExecutionRoleRegion is set but ExecutionRoleName is"
                + " not: there is no role to assume.",
    })
    void malformedExecutionRoleParametersAreRefusedByName(String parameters, String message) {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> read(TestEvents.scheduled(parameters)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void aRefusedRoleNameOrRegionIsQuotedCutAndWithControlCharactersShown() {
        String longName = "a\nforged log line " + "x".repeat(900);
        InvalidRuleParametersException name = assertThrows(InvalidRuleParametersException.class,
                () -> read(TestEvents.scheduled(
                        "{\"ExecutionRoleName\":\"" + longName.replace("\n", "\\n") + "\"}")));
        InvalidRuleParametersException region = assertThrows(InvalidRuleParametersException.class,
                () -> read(TestEvents.scheduled(
                        "{\"ExecutionRoleName\":\"r\",\"ExecutionRoleRegion\":\"eu-\\u0007" + "w".repeat(500) + "\"}")));

        assertEquals("Rule parameter ExecutionRoleName '" + BoundedText.abbreviate(longName) + "' is not an IAM role"
                + " name (1-64 letters, digits and + = , . @ _ -, optionally after a path such as audit/).",
                name.getMessage());
        assertTrue(name.getMessage().startsWith("Rule parameter ExecutionRoleName 'a\\u000aforged log line xxx"),
                name.getMessage());
        assertTrue(name.getMessage().contains("… (918 characters)"), name.getMessage());
        assertFalse(name.getMessage().contains("\n"), "no line break reaches the log");
        assertTrue(region.getMessage().startsWith("Rule parameter ExecutionRoleRegion 'eu-\\u0007www"),
                region.getMessage());
        assertTrue(region.getMessage().contains("… (504 characters)"), region.getMessage());
    }

    @Test
    void accountIdThatIsNotAnAccountIsRefused() {
        ConfigEvent event = TestEvents.scheduled("{}");
        event.setAccountId("12345");

        assertEquals("The event's accountId '12345' is not a 12-digit AWS account id.",
                assertThrows(InvalidEventException.class, () -> read(event)).getMessage());
    }

    private static ConfigRuleInvocation read(ConfigEvent event) {
        return ConfigEventReader.read(TestEvents.bytes(event));
    }
}
