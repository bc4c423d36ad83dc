package io.keyguard.reliability;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.configrule.Evaluation;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.configrule.EvaluationsNotRecordedException;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The periodic run under a time budget, over HTTP against the fake. Simulated time advances 10 s with every
 * DescribeEndpointConfig the fake serves, so which configs a run reaches does not depend on the machine's speed.
 */
class TimeBudgetRunTest {

    private static final String KEY = FakeAws.keyArnOf("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b");
    private static final String DESCRIBE = "SageMaker.DescribeEndpointConfig";
    private static final Duration PER_DESCRIBE = Duration.ofSeconds(10);
    private static final Duration ALLOWANCE = Duration.ofSeconds(5);
    /** Room for five describes: a call may start while more than 5 s (call) + 5 s (report) are left. */
    private static final Duration FIVE_CONFIGS = Duration.ofSeconds(55);

    private FakeAws aws;
    private RuleFunction handler;

    @BeforeEach
    void start() {
        aws = new FakeAws().withKey(KEY, true, "Enabled", true);
        // One describe at a time, so simulated time advances between budget checks as in a sequential run.
        handler = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS), 1);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void aRunThatCannotFinishReportsWhatItDecidedLogsTheRestAndTheNextRunStartsWithThem() {
        withConfigs(10);

        EvaluationRun first;
        try (LogCapture log = new LogCapture()) {
            first = handler.evaluateAndReport(scheduled(1), simulatedBudget(FIVE_CONFIGS));

            JsonNode stopped = log.lines("periodic run stopped early").get(0);
            assertEquals("WARN", stopped.path("level").asText());
            assertEquals(5, stopped.path("deferred").asInt());
            assertTrue(stopped.path("deferredResourceIds").asText().contains(arnOf("config-05")), stopped.toString());
        }
        assertEquals(names(0, 5), evaluatedNames(first));
        assertEquals(arns(names(5, 10)), new TreeSet<>(first.deferred()));
        assertEquals(5, aws.evaluationsPut().size(), "deferred configs get no verdict, not even NOT_APPLICABLE");
        assertTrue(first.failures().isEmpty());

        EvaluationRun second = handler.evaluateAndReport(scheduled(2), simulatedBudget(FIVE_CONFIGS));

        assertEquals(names(5, 10), evaluatedNames(second), "never-evaluated configs first");
        for (int i = 0; i < 10; i++) {
            assertNotNull(aws.recordedAt(arnOf(name(i))), name(i) + " has a result after two runs");
        }
        EvaluationRun third = handler.evaluateAndReport(scheduled(3), simulatedBudget(FIVE_CONFIGS));
        assertEquals(names(0, 5), evaluatedNames(third), "then the least recently evaluated");
    }

    @Test
    void noConfigWaitsMoreRunsThanItTakesToGoRoundTheAccount() {
        int configs = 23;
        withConfigs(configs);
        int perRun = 5;
        int runsPerRound = (configs + perRun - 1) / perRun;
        Map<String, Integer> lastRun = new HashMap<>();
        for (int run = 1; run <= 3 * runsPerRound; run++) {
            EvaluationRun result = handler.evaluateAndReport(scheduled(run), simulatedBudget(FIVE_CONFIGS));
            assertEquals(perRun, result.evaluations().size());
            for (String name : evaluatedNames(result)) {
                int previous = lastRun.getOrDefault(name, 0);
                assertTrue(run - previous <= runsPerRound, name + " waited from run " + previous + " to " + run);
                lastRun.put(name, run);
            }
            if (run == runsPerRound) {
                assertEquals(configs, lastRun.size(), "every config reached within one round");
            }
        }
    }

    @Test
    void aBudgetTooSmallForAnyConfigFailsTheInvocationAndSaysToRaiseTheTimeout() {
        withConfigs(3);

        RuleInvocationException e = assertThrows(RuleInvocationException.class,
                () -> handler.handleRequest(scheduled(1), new FixedTimeContext(30_000)));

        assertTrue(e.getMessage().contains("raise the function's Timeout"), e.getMessage());
        assertEquals(0, aws.served(DESCRIBE));
        assertTrue(aws.evaluationsPut().isEmpty());
    }

    @Test
    void theStreamEntryPointGivesTheRunTheContextsRemainingTimeAsTheEventFormDoes() throws IOException {
        withConfigs(3);

        RuleInvocationException e = assertThrows(RuleInvocationException.class, () -> handler.handleRequest(
                TestEvents.asDelivered(scheduled(1)), new ByteArrayOutputStream(), new FixedTimeContext(30_000)));
        assertTrue(e.getMessage().contains("raise the function's Timeout"), e.getMessage());
        assertEquals(0, aws.served(DESCRIBE));

        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(TestEvents.asDelivered(scheduled(2)), answer, new FixedTimeContext(300_000));
        assertEquals("\"3 evaluation(s) reported\"", answer.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withTheFunctionsFullTimeoutEveryConfigIsEvaluated() {
        withConfigs(3);

        String result = handler.handleRequest(scheduled(1), new FixedTimeContext(300_000));

        assertEquals("3 evaluation(s) reported", result);
    }

    @Test
    void evaluationsThereIsNoTimeLeftToPutAreListedNotDropped() {
        aws.withEndpointConfig("late-config", KEY);
        TimeBudget almostOver = TimeBudget.of(Duration.ofMillis(1500), ALLOWANCE, ALLOWANCE, () -> 0L);

        EvaluationsNotRecordedException e = assertThrows(EvaluationsNotRecordedException.class,
                () -> handler.evaluateAndReport(TestEvents.change("AWS::SageMaker::EndpointConfig",
                        arnOf("late-config"), "late-config", "OK"), almostOver));

        assertEquals(List.of(arnOf("late-config")), e.unrecorded().stream().map(Evaluation::resourceId).toList());
        assertTrue(e.getMessage().contains("time ran out"), e.getMessage());
        assertEquals(0, aws.served("StarlingDoveService.PutEvaluations"));
    }

    /**
     * Time stands still for the budget (4 s left), so the put is given exactly what is left less a second; the fake
     * withholds its answer, and the earliest timeout, the put's own, elapses.
     */
    @Test
    void aSlowPutIsCutOffBeforeTheInvocationsTimeRunsOut() {
        aws.withEndpointConfig("slow-put", KEY);
        aws.hangNext("StarlingDoveService.PutEvaluations", 1);
        RuleFunction production = new RuleFunction(aws.clients());
        TimeBudget fourSeconds = TimeBudget.of(Duration.ofSeconds(4), Duration.ofSeconds(20), ALLOWANCE, () -> 0L);

        RuntimeException e = assertThrows(RuntimeException.class, () -> production.evaluateAndReport(
                TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf("slow-put"), "slow-put", "OK"), fourSeconds));

        EvaluationsNotRecordedException notRecorded = assertInstanceOf(EvaluationsNotRecordedException.class, e);
        assertEquals(arnOf("slow-put"), notRecorded.unrecorded().get(0).resourceId());
        assertTrue(e.getMessage().contains("ApiCallTimeoutException"), e.getMessage());
        assertTrue(aws.timeoutsScheduled().contains(Duration.ofSeconds(3)),
                "the put was given what was left (3 s), not the client's 20 s: " + aws.timeoutsScheduled());
        assertEquals(1, aws.served("StarlingDoveService.PutEvaluations"), "a call that timed out is not retried");
    }

    private void withConfigs(int count) {
        for (int i = 0; i < count; i++) {
            aws.withEndpointConfig(name(i), KEY);
        }
    }

    /** A budget on simulated time: each DescribeEndpointConfig served costs 10 s. */
    private TimeBudget simulatedBudget(Duration remaining) {
        return TimeBudget.of(remaining, ALLOWANCE, ALLOWANCE, () -> aws.served(DESCRIBE) * PER_DESCRIBE.toNanos());
    }

    private static com.amazonaws.services.lambda.runtime.events.ConfigEvent scheduled(int run) {
        return TestEvents.scheduledAt(Instant.parse("2026-11-24T09:00:00Z").plus(Duration.ofHours(run)), "token-" + run);
    }

    private static String name(int i) {
        return String.format("config-%02d", i);
    }

    private static Set<String> names(int from, int to) {
        Set<String> names = new TreeSet<>();
        for (int i = from; i < to; i++) {
            names.add(name(i));
        }
        return names;
    }

    private static Set<String> arns(Set<String> names) {
        Set<String> arns = new TreeSet<>();
        names.forEach(n -> arns.add(arnOf(n)));
        return arns;
    }

    private static Set<String> evaluatedNames(EvaluationRun run) {
        List<String> names = new ArrayList<>();
        run.evaluations().forEach(e -> names.add(e.resourceId().substring(e.resourceId().lastIndexOf('/') + 1)));
        return new TreeSet<>(names);
    }
}
