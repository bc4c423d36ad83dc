package io.keyguard.configrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.aws.TargetAccount;
import io.keyguard.configrule.event.ConfigRuleInvocation;
import io.keyguard.configrule.event.InvokingEvent;
import io.keyguard.keys.KeyDirectory;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigIds;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.rule.VariantFacts;
import io.keyguard.testing.Meeting;
import io.keyguard.testing.SteppedPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The periodic loop with its sources in memory: describes overlap up to the configured concurrency and no
 * further, every config is evaluated once, and keys shared across threads are still examined once. Nothing here
 * sleeps or races: describes wait for each other, or run in rounds the test steps through.
 */
class PeriodicRunConcurrencyTest {

    private static final ConfigRuleInvocation SCHEDULED = new ConfigRuleInvocation("rule",
            new InvokingEvent.Scheduled(Instant.parse("2026-11-24T09:00:00Z")), Map.of(),
            new TargetAccount(null, null, null), "token", false);

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final int CONFIGS = 120;

    private final Map<String, AtomicInteger> keyDescribes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rotationReads = new ConcurrentHashMap<>();

    /**
     * Each describe waits until as many as the concurrency are running (or every config has started), so the run
     * surely reaches its concurrency, on real threads, and the most seen at once is what it allowed.
     */
    @Test
    void describesOverlapUpToTheConcurrencyAndSharedKeysAreExaminedOnce() {
        MeetingSource source = new MeetingSource(6);
        ConfigRuleRunner<EndpointConfigFacts> runner = new ConfigRuleRunner<>(
                rule(RuleParameters.parse(Map.of("requireKeyRotation", "true"))), services(source), 6);

        EvaluationRun run = runner.evaluate(SCHEDULED, TimeBudget.unlimited());

        assertEquals(6, source.mostAtOnce());
        assertEquals(CONFIGS, run.evaluations().size());
        assertEquals(run.evaluations().stream().sorted(Comparator.comparing(Evaluation::resourceId)).toList(),
                run.evaluations(), "reported in resource id order, whichever thread finished first");
        assertEquals(CONFIGS, run.evaluations().stream().map(Evaluation::resourceId).collect(Collectors.toSet()).size());
        assertEquals(Set.of("COMPLIANT"), run.evaluations().stream().map(e -> e.compliance().name())
                .collect(Collectors.toSet()));
        assertEquals(Map.of(KEY, 1), counts(keyDescribes), "one DescribeKey however many threads need the key");
        assertEquals(Map.of(KEY, 1), counts(rotationReads), "one rotation read for the key");
    }

    /**
     * A service that throttles whatever arrives while three describes are already running: the run eases off to
     * what the service takes, and still evaluates every config. The describes run in rounds: each round is what the
     * run had in flight at once when it stopped to wait for an outcome. The run reads the throttling count only once
     * its whole round has run (the test holds {@code roundRunning} meanwhile), so what it sees, and the rounds that
     * follow, never depend on how the two threads interleave.
     */
    @Test
    void throttlingNarrowsHowManyAreDescribedAtOnce() throws Exception {
        Object roundRunning = new Object();
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger alreadyRunning = new AtomicInteger();
        Source busyService = new Source() {
            @Override
            public Optional<EndpointConfigFacts> describe(String id, String name) {
                if (alreadyRunning.getAndIncrement() >= 3) {
                    throttled.incrementAndGet(); // the SDK retries it; the describe still succeeds
                }
                return super.describe(id, name);
            }

            @Override
            public long throttledAttempts() {
                synchronized (roundRunning) {
                    return throttled.get();
                }
            }
        };
        SteppedPool pool = new SteppedPool();
        ConfigRuleRunner<EndpointConfigFacts> runner = new ConfigRuleRunner<>(rule(RuleParameters.defaults()),
                services(busyService), 8, n -> pool);
        FutureTask<EvaluationRun> evaluation = new FutureTask<>(() -> runner.evaluate(SCHEDULED,
                TimeBudget.unlimited()));
        Thread periodicRun = new Thread(evaluation, "periodic-run");
        periodicRun.start();

        List<Integer> rounds = new ArrayList<>();
        for (List<Runnable> round = pool.awaitRound(periodicRun); !round.isEmpty();
                round = pool.awaitRound(periodicRun)) {
            rounds.add(round.size());
            synchronized (roundRunning) {
                alreadyRunning.set(0); // the round's describes arrive one after another, all running at once
                round.forEach(Runnable::run);
            }
        }
        EvaluationRun run = evaluation.get();

        assertEquals(CONFIGS, run.evaluations().size());
        assertEquals(8, rounds.get(0), "it starts at its concurrency: " + rounds);
        List<Integer> later = rounds.subList(rounds.size() / 2, rounds.size());
        // Work in flight when the allowance halved may still grow it by one after its calm outcomes: at most two
        // over what the service takes, and around it on average.
        assertTrue(later.stream().allMatch(n -> n <= 5), "at most two over what the service takes: " + rounds);
        assertTrue(later.stream().mapToInt(Integer::intValue).average().orElseThrow() <= 4,
                "settled near what the service takes: " + rounds);
        assertTrue(throttled.get() < CONFIGS / 4, "throttled " + throttled.get() + " of " + CONFIGS + ": " + rounds);
    }

    /**
     * Simulated time advances 10 s with every describe; the budget leaves room for five before only the call
     * and report allowances (5 s each) are left. Describes already running when it runs out still finish.
     */
    @Test
    void whenTheBudgetRunsOutNoFurtherDescribeStartsAndTheRestAreDeferredInOrder() {
        AtomicInteger describes = new AtomicInteger();
        TimeBudget budget = TimeBudget.of(Duration.ofSeconds(55), Duration.ofSeconds(5), Duration.ofSeconds(5),
                () -> describes.get() * Duration.ofSeconds(10).toNanos());
        Source source = new Source() {
            @Override
            public Optional<EndpointConfigFacts> describe(String id, String name) {
                describes.incrementAndGet();
                return super.describe(id, name);
            }
        };

        EvaluationRun run = new ConfigRuleRunner<>(rule(RuleParameters.defaults()), services(source), 4)
                .evaluate(SCHEDULED, budget);

        int evaluated = run.evaluations().size();
        assertTrue(evaluated >= 5 && evaluated <= 5 + 3, "five, plus what was already running: " + evaluated);
        assertEquals(describes.get(), evaluated, "every describe that started was decided and reported");
        assertEquals(List.of(), run.failures());
        assertEquals(CONFIGS - evaluated, run.deferred().size());
        List<String> listed = new ArrayList<>();
        source.forEachResource(ref -> listed.add(ref.id()));
        List<String> notEvaluated = new ArrayList<>(listed);
        run.evaluations().forEach(e -> notEvaluated.remove(e.resourceId()));
        assertEquals(notEvaluated, run.deferred(), "deferred in the order they would have been evaluated");
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> calls) {
        return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    private static EndpointConfigRule rule(RuleParameters parameters) {
        return new EndpointConfigRule(parameters);
    }

    /** The periodic run is not reported here: nothing is put. */
    private Services<EndpointConfigFacts> services(Source source) {
        return new Services<>(source, new Keys(), (rule, action) -> { }, (batch, token, testMode, timeout) -> {
            throw new AssertionError("nothing is put by evaluate");
        });
    }

    /** Every config uses the same key. */
    private static class Source implements ResourceSource<EndpointConfigFacts> {
        @Override
        public Optional<EndpointConfigFacts> describe(String id, String name) {
            return Optional.of(new EndpointConfigFacts(name, "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/"
                    + name, KEY, List.of(new VariantFacts("AllTraffic", "ml.m5.large", false)),
                    false, null, false, null, Map.of()));
        }

        @Override
        public Map<String, String> tags(EndpointConfigFacts config) {
            return Map.of();
        }

        @Override
        public void forEachResource(Consumer<ResourceRef> action) {
            for (int i = 0; i < CONFIGS; i++) {
                String name = "config-" + i;
                action.accept(new ResourceRef("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/" + name,
                        name));
            }
        }

        @Override
        public String identity(String resourceIdOrName) {
            return EndpointConfigIds.key(resourceIdOrName);
        }

        @Override
        public String describeOperation() {
            return "sagemaker:DescribeEndpointConfig";
        }

        @Override
        public String everyResource() {
            return "the account's endpoint configs";
        }
    }

    /** Describes that meet (see {@link Meeting}): each waits until {@code size} are running at once. */
    private static final class MeetingSource extends Source {
        private final Meeting meeting;

        MeetingSource(int size) {
            meeting = new Meeting(size, CONFIGS);
        }

        int mostAtOnce() {
            return meeting.mostAtOnce();
        }

        @Override
        public Optional<EndpointConfigFacts> describe(String id, String name) {
            meeting.join();
            return super.describe(id, name);
        }
    }

    private final class Keys implements KeyDirectory {
        @Override
        public KeyResolution describe(String reference) {
            keyDescribes.computeIfAbsent(reference, r -> new AtomicInteger()).incrementAndGet();
            return new KeyResolution.Resolved(new KeyFacts(reference, true, KeyFacts.ENABLED, null,
                    KeyFacts.Rotation.NOT_CHECKED));
        }

        @Override
        public RotationAnswer rotation(String keyArn) {
            rotationReads.computeIfAbsent(keyArn, r -> new AtomicInteger()).incrementAndGet();
            return new RotationAnswer(KeyFacts.Rotation.ENABLED, null);
        }
    }
}
