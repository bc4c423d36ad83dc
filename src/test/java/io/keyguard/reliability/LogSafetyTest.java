package io.keyguard.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule's log lines under every path (evaluations, AWS failures, refused events, unrecorded evaluations):
 * one JSON object each, never a credential, the result token or the event's payload.
 */
class LogSafetyTest {

    private static final String TOKEN = "eyJyZXN1bHRUb2tlbiI6InNlY3JldC1yZXN1bHQtdG9rZW4tdmFsdWUifQ==";

    @Test
    void noLogLineCarriesCredentialsTheResultTokenOrThePayload() {
        String text;
        List<JsonNode> lines;
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
             LogCapture log = new LogCapture()) {
            // One describe at a time, so the five throttles below land on one config's attempts.
            RuleFunction handler = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS), 1);
            for (String file : List.of("change-compliant.json", "change-noncompliant.json", "oversized-change.json",
                    "deleted.json", "scheduled.json")) {
                handler.handleRequest(withToken(TestEvents.load(file)), null);
            }
            aws.failNext("SageMaker.DescribeEndpointConfig", 5, 400, "ThrottlingException", "Rate exceeded");
            assertThrows(RuntimeException.class, () -> handler.handleRequest(withToken(TestEvents.load("scheduled.json")), null));
            aws.rejectEvaluationOf(FakeAws.arnOf("churn-model-v3"), 10);
            assertThrows(RuntimeException.class,
                    () -> handler.handleRequest(withToken(TestEvents.load("change-noncompliant.json")), null));
            ConfigEvent badParameters = withToken(TestEvents.scheduled("{\"kmsKeyArns\":\"not-an-arn\"}"));
            assertThrows(RuntimeException.class, () -> handler.handleRequest(badParameters, null));
            ConfigEvent badEvent = withToken(TestEvents.load("change-compliant.json"));
            badEvent.setInvokingEvent(badEvent.getInvokingEvent().replace("\"messageType\"", "\"messageTipe\""));
            assertThrows(RuntimeException.class, () -> handler.handleRequest(badEvent, null));
            text = log.text();
            lines = log.lines();
        }

        assertTrue(lines.size() > 10, "evaluations and failures were logged: " + lines.size());
        for (String level : List.of("INFO", "WARN", "ERROR")) {
            lines.stream().filter(l -> l.path("level").asText().equals(level)).findAny()
                    .ifPresent(l -> assertTrue(l.has("message")));
        }
        assertTrue(lines.stream().anyMatch(l -> l.path("level").asText().equals("ERROR")));
        for (String secret : List.of(TOKEN, FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY, "TESTMODE")) {
            assertFalse(text.contains(secret), "a log line contains " + secret);
        }
        for (String payload : List.of("configurationItem", "invokingEvent\":", "configurationItemCaptureTime",
                "\"ProductionVariants\"", "X-Amz-", "Authorization")) {
            assertFalse(text.contains(payload), "a log line contains " + payload);
        }
        lines.forEach(l -> assertTrue(l.toString().length() < 2048, "a log line is a summary, not a payload: " + l));
    }

    private static ConfigEvent withToken(ConfigEvent event) {
        event.setResultToken(TOKEN);
        return event;
    }
}
