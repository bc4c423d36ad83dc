package io.keyguard.reliability;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lambda may deliver an asynchronous event twice; the second delivery must put exactly what the first did. */
class IdempotencyTest {

    private static final String PUT = "StarlingDoveService.PutEvaluations";
    private static final String KEY = FakeAws.keyArnOf("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b");

    @ParameterizedTest
    @ValueSource(strings = {"change-compliant.json", "change-noncompliant.json", "oversized-change.json",
            "deleted.json", "scheduled.json"})
    void eachBundledEventDeliveredTwicePutsTheSameRequests(String file) {
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))) {
            RuleFunction handler = new RuleFunction(aws.clients());

            handler.handleRequest(TestEvents.load(file), null);
            List<JsonNode> first = aws.bodies(PUT);
            aws.resetRequests();
            handler.handleRequest(TestEvents.load(file), null);

            assertFalse(first.isEmpty());
            assertEquals(first, aws.bodies(PUT));
        }
    }

    /**
     * Outside TestMode the first delivery's results are recorded, so the second evaluates in another order
     * (least recently evaluated first); the batches it puts are still the same.
     */
    @Test
    void aRedeliveredPeriodicRunPutsTheSameBatchesAlthoughItEvaluatesInAnotherOrder() {
        try (FakeAws aws = new FakeAws().withKey(KEY, true, "Enabled", true)) {
            for (int i = 0; i < 150; i++) {
                aws.withEndpointConfig(String.format("config-%03d", i), i % 3 == 0 ? null : KEY);
            }
            // Recorded "in the future", so the first delivery evaluates config-000 last and the second first.
            aws.withEarlierResult(arnOf("config-000"), "COMPLIANT", Instant.parse("2030-01-01T00:00:00Z"));
            // One describe at a time, so the first request shows which config the run began with.
            RuleFunction handler = new RuleFunction(aws.clients(), 1);
            ConfigEvent event = TestEvents.scheduledAt(Instant.parse("2026-11-24T09:00:00Z"), "token-once");

            handler.handleRequest(event, null);
            List<JsonNode> first = aws.bodies(PUT);
            String firstDescribed = aws.bodies("SageMaker.DescribeEndpointConfig").get(0).path("EndpointConfigName")
                    .asText();
            aws.resetRequests();
            handler.handleRequest(event, null);
            String secondDescribed = aws.bodies("SageMaker.DescribeEndpointConfig").get(0).path("EndpointConfigName")
                    .asText();

            assertEquals(2, first.size(), "150 evaluations are two batches");
            assertEquals(first, aws.bodies(PUT));
            assertEquals("config-001", firstDescribed);
            assertEquals("config-000", secondDescribed, "its result, recorded first by the first delivery, is the oldest");
        }
    }
}
