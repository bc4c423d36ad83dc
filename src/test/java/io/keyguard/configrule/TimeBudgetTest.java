package io.keyguard.configrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TimeBudget budget = TimeBudget.of(Duration.ofSeconds(60), Duration.ofSeconds(20),
            Duration.ofSeconds(15), nanos::get);

    @Test
    void callsMayStartWhileMoreThanOneCallAndTheReportAllowanceAreLeft() {
        assertTrue(budget.allowsAnotherCall());
        elapse(Duration.ofSeconds(24));
        assertTrue(budget.allowsAnotherCall(), "36 s left, 35 s kept in hand");
        elapse(Duration.ofSeconds(1));
        assertFalse(budget.allowsAnotherCall(), "35 s left");
        assertThrows(TimeBudget.OutOfTime.class, budget::beforeCall);
    }

    @Test
    void putsAreCutToWhatIsLeftLessASecondAndStopWhenUnderTwoSecondsRemain() {
        assertEquals(Optional.of(Duration.ofSeconds(20)), budget.putTimeout(), "the full call allowance");
        elapse(Duration.ofSeconds(50));
        assertEquals(Optional.of(Duration.ofSeconds(9)), budget.putTimeout());
        assertTrue(budget.allowsAnotherPut());
        elapse(Duration.ofSeconds(8));
        assertFalse(budget.allowsAnotherPut(), "2 s left");
    }

    @Test
    void unlimitedNeverRunsOutAndLeavesTheClientTimeoutAlone() {
        TimeBudget unlimited = TimeBudget.unlimited();
        assertTrue(unlimited.allowsAnotherCall());
        assertTrue(unlimited.allowsAnotherPut());
        assertEquals(Optional.empty(), unlimited.putTimeout());
        unlimited.beforeCall();
    }

    private void elapse(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
