package io.keyguard.configrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keyguard.testing.Meeting;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrentDescriberTest {

    /**
     * Each piece of work waits until four are running at once (or all have started), so the describer surely reaches
     * its concurrency on its real threads, and the most seen at once is what it allowed.
     */
    @Test
    void runsAtMostItsConcurrencyAtOnceAndHandsEveryOutcomeBackOnTheCallersThread() {
        Meeting meeting = new Meeting(4, 64);
        List<Integer> outcomes = new ArrayList<>();
        Thread caller = Thread.currentThread();

        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(4, outcome -> {
            assertSame(caller, Thread.currentThread());
            outcomes.add(outcome);
        })) {
            for (int i = 0; i < 64; i++) {
                int item = i;
                describer.submit(() -> {
                    meeting.join();
                    return item;
                });
            }
            describer.finish();
        }

        assertEquals(4, meeting.mostAtOnce());
        Set<Integer> distinct = new TreeSet<>(outcomes);
        assertEquals(64, outcomes.size());
        assertEquals(64, distinct.size(), "every outcome exactly once");
    }

    @Test
    void submittingWaitsWhileTheConcurrencyIsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(2, outcome -> { })) {
            for (int i = 0; i < 2; i++) {
                describer.submit(() -> {
                    started.incrementAndGet();
                    release.await();
                    return 1;
                });
            }
            Thread third = new Thread(() -> describer.submit(() -> 1));
            third.start();
            // Parked waiting for an outcome, or (were it not to wait) already done: either comes without a race.
            while (third.getState() != Thread.State.WAITING && third.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.WAITING, third.getState(), "the third submit waits for room");

            release.countDown();
            third.join();
        }
        assertEquals(2, started.get());
    }

    /** One outcome at a time, so each reads the throttling count the test set just before. */
    @Test
    void throttlingHalvesWhatIsAllowedInFlightAndCalmGivesItBackOneAtATime() {
        AtomicLong throttled = new AtomicLong();
        try (ConcurrentDescriber<Integer> describer = new ConcurrentDescriber<>(8, throttled::get, outcome -> { })) {
            List<Integer> allowed = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                throttled.set(i);
                runOne(describer);
                allowed.add(describer.allowed());
            }
            assertEquals(List.of(4, 2, 1, 1), allowed, "halved on each new throttle, never below one");

            allowed.clear();
            for (int i = 0; i < 1 + 2 + 3; i++) {
                runOne(describer);
                allowed.add(describer.allowed());
            }
            assertEquals(List.of(2, 2, 3, 3, 3, 4), allowed, "one more after as many calm outcomes as allowed");
        }
    }

    private static void runOne(ConcurrentDescriber<Integer> describer) {
        describer.submit(() -> 1);
        describer.finish();
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
