package io.keyguard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.config.ConfigRuleInvocation;
import io.keyguard.config.Evaluation;
import io.keyguard.config.InvokingEvent;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.KeyFacts;
import io.keyguard.rule.KeyResolution;
import io.keyguard.rule.ProductionVariantFacts;
import io.keyguard.rule.RuleParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The periodic loop with its sources in memory: describes overlap up to the configured concurrency and no
 * further, every config is evaluated once, and keys shared across threads are still examined once.
 */
class PeriodicRunConcurrencyTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final int CONFIGS = 120;

    private final AtomicInteger describing = new AtomicInteger();
    private final AtomicInteger mostDescribingAtOnce = new AtomicInteger();
    private final Map<String, AtomicInteger> keyDescribes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> rotationReads = new ConcurrentHashMap<>();

    @Test
    void describesOverlapUpToTheConcurrencyAndSharedKeysAreExaminedOnce() {
        RuleEvaluator evaluator = new RuleEvaluator(new SlowSource(), new SlowKeys(), (rule, action) -> { }, 6);

        EvaluationRun run = evaluator.evaluate(scheduled(RuleParameters.parse(Map.of("requireKeyRotation", "true"))));

        assertEquals(6, mostDescribingAtOnce.get());
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
     * what the service takes, and still evaluates every config.
     */
    @Test
    void throttlingNarrowsHowManyAreDescribedAtOnce() {
        AtomicInteger throttled = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger mostAtOnceLater = new AtomicInteger();
        SlowSource busyService = new SlowSource() {
            @Override
            public Optional<EndpointConfigFacts> describe(String name) {
                int running = describing.get() + 1;
                if (running > 3) {
                    throttled.incrementAndGet();
                }
                if (started.incrementAndGet() > CONFIGS / 2) {
                    mostAtOnceLater.accumulateAndGet(running, Math::max);
                }
                return super.describe(name);
            }

            @Override
            public long throttledAttempts() {
                return throttled.get();
            }
        };

        EvaluationRun run = new RuleEvaluator(busyService, new SlowKeys(), (rule, action) -> { }, 8)
                .evaluate(scheduled(RuleParameters.defaults()));

        assertEquals(CONFIGS, run.evaluations().size());
        assertTrue(mostAtOnceLater.get() <= 4, "at most one over what the service takes: " + mostAtOnceLater.get());
        assertTrue(throttled.get() < CONFIGS / 4, "throttled " + throttled.get() + " of " + CONFIGS);
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
        SlowSource source = new SlowSource() {
            @Override
            public Optional<EndpointConfigFacts> describe(String name) {
                describes.incrementAndGet();
                return super.describe(name);
            }
        };

        EvaluationRun run = new RuleEvaluator(source, new SlowKeys(), (rule, action) -> { }, 4)
                .evaluate(scheduled(RuleParameters.defaults()), budget);

        int evaluated = run.evaluations().size();
        assertTrue(evaluated >= 5 && evaluated <= 5 + 3, "five, plus what was already running: " + evaluated);
        assertEquals(describes.get(), evaluated, "every describe that started was decided and reported");
        assertEquals(List.of(), run.failures());
        assertEquals(CONFIGS - evaluated, run.deferred().size());
        List<String> listed = new ArrayList<>();
        source.forEachEndpointConfig(ref -> listed.add(ref.arn()));
        List<String> notEvaluated = new ArrayList<>(listed);
        run.evaluations().forEach(e -> notEvaluated.remove(e.resourceId()));
        assertEquals(notEvaluated, run.deferred(), "deferred in the order they would have been evaluated");
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> calls) {
        return calls.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    private static ConfigRuleInvocation scheduled(RuleParameters parameters) {
        return new ConfigRuleInvocation("rule", new InvokingEvent.Scheduled(Instant.parse("2026-11-24T09:00:00Z")),
                parameters, "token", false);
    }

    private static void pause() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every config uses the same key; each describe takes a few milliseconds, so describes overlap. */
    private class SlowSource implements EndpointConfigSource {
        @Override
        public Optional<EndpointConfigFacts> describe(String name) {
            mostDescribingAtOnce.accumulateAndGet(describing.incrementAndGet(), Math::max);
            pause();
            describing.decrementAndGet();
            return Optional.of(new EndpointConfigFacts(name, "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/"
                    + name, KEY, List.of(new ProductionVariantFacts("AllTraffic", "ml.m5.large", false)),
                    false, null, false, null, Map.of()));
        }

        @Override
        public Map<String, String> tags(String arn) {
            return Map.of();
        }

        @Override
        public void forEachEndpointConfig(Consumer<EndpointConfigRef> action) {
            for (int i = 0; i < CONFIGS; i++) {
                String name = "config-" + i;
                action.accept(new EndpointConfigRef(name, "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/"
                        + name));
            }
        }
    }

    private final class SlowKeys implements KeyDirectory {
        @Override
        public KeyResolution describe(String reference) {
            keyDescribes.computeIfAbsent(reference, r -> new AtomicInteger()).incrementAndGet();
            pause();
            return new KeyResolution.Resolved(new KeyFacts(reference, true, KeyFacts.ENABLED, null,
                    KeyFacts.Rotation.NOT_CHECKED));
        }

        @Override
        public RotationAnswer rotation(String keyArn) {
            rotationReads.computeIfAbsent(keyArn, r -> new AtomicInteger()).incrementAndGet();
            pause();
            return new RotationAnswer(KeyFacts.Rotation.ENABLED, null);
        }
    }
}
