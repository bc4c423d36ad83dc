package io.keyguard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentDescriberTest {

    @Test
    void runsAtMostItsConcurrencyAtOnceAndHandsEveryOutcomeBackOnTheCallersThread() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> outcomes = new ArrayList<>();
        Thread caller = Thread.currentThread();

        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(4, outcome -> {
            assertSame(caller, Thread.currentThread());
            outcomes.add(outcome);
        })) {
            for (int i = 0; i < 64; i++) {
                int item = i;
                describer.submit(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(5);
                    running.decrementAndGet();
                    return item;
                });
            }
            describer.finish();
        }

        assertEquals(4, mostAtOnce.get());
        Set<Integer> distinct = new TreeSet<>(outcomes);
        assertEquals(64, outcomes.size());
        assertEquals(64, distinct.size(), "every outcome exactly once");
    }

    @Test
    void submittingWaitsWhileTwiceTheConcurrencyIsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        List<Integer> outcomes = new ArrayList<>();
        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(2, outcomes::add)) {
            for (int i = 0; i < 4; i++) {
                describer.submit(() -> {
                    started.incrementAndGet();
                    release.await();
                    return 1;
                });
            }
            Thread fifth = new Thread(() -> describer.submit(() -> 1));
            fifth.start();
            fifth.join(200);
            assertTrue(fifth.isAlive(), "the fifth submit waits for room");

            release.countDown();
            fifth.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertEquals(4, started.get());
    }

    @Test
    void aDefectInTheWorkFailsTheCallerInsteadOfVanishing() {
        IllegalStateException defect = new IllegalStateException("bug");
        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(2, outcome -> { })) {
            describer.submit(() -> {
                throw defect;
            });

            assertSame(defect, assertThrows(IllegalStateException.class, describer::finish));
        }
    }

    @Test
    void concurrencyComesFromTheEnvironmentOrDefaultsToEight() {
        assertEquals(8, ConcurrentDescriber.concurrency(null));
        assertEquals(8, ConcurrentDescriber.concurrency(" "));
        assertEquals(16, ConcurrentDescriber.concurrency(" 16 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65", "eight", "-1"})
    void aConcurrencyOutsideOneToSixtyFourIsRefusedByName(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConcurrentDescriber.concurrency(value));

        assertEquals("Environment variable DESCRIBE_CONCURRENCY is '" + value + "'; expected a number of concurrent"
                + " describes from 1 to 64.", e.getMessage());
    }
}
