package io.keyguard.configrule;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The time an invocation may still spend before Lambda stops it, and how much of it to keep in hand. A
 * periodic run starts no further AWS call for a resource once only {@code callAllowance} (the longest one call
 * can take, retries included) plus {@code reportAllowance} (time to put what was decided) is left, so it can
 * always report and end cleanly.
 */
public final class TimeBudget {

    /** Kept back from every PutEvaluations call so the invocation still has time to log and return. */
    static final Duration RETURN_MARGIN = Duration.ofSeconds(1);

    private final long endNanos;
    private final Duration callAllowance;
    private final Duration reportAllowance;
    private final LongSupplier nanoClock;

    private TimeBudget(long endNanos, Duration callAllowance, Duration reportAllowance, LongSupplier nanoClock) {
        this.endNanos = endNanos;
        this.callAllowance = callAllowance;
        this.reportAllowance = reportAllowance;
        this.nanoClock = nanoClock;
    }

    /** No limit: the command line and change evaluations, which Lambda's timeout alone bounds. */
    public static TimeBudget unlimited() {
        return new TimeBudget(Long.MAX_VALUE, Duration.ZERO, Duration.ZERO, () -> 0L);
    }

    /**
     * @param remaining       what Lambda says is left of the invocation
     * @param callAllowance   the longest one AWS call can take, retries included (the client's call timeout)
     * @param reportAllowance time kept for putting evaluations after the last call
     * @param nanoClock       a monotonic clock, {@code System::nanoTime} outside tests
     */
    public static TimeBudget of(Duration remaining, Duration callAllowance, Duration reportAllowance,
                                LongSupplier nanoClock) {
        return new TimeBudget(nanoClock.getAsLong() + remaining.toNanos(), callAllowance, reportAllowance, nanoClock);
    }

    public boolean isUnlimited() {
        return endNanos == Long.MAX_VALUE;
    }

    public Duration remaining() {
        return isUnlimited() ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(endNanos - nanoClock.getAsLong());
    }

    /** True while an AWS call started now would end, and everything decided could still be put, in time. */
    public boolean allowsAnotherCall() {
        return isUnlimited() || remaining().compareTo(callAllowance.plus(reportAllowance)) > 0;
    }

    /** Called before each AWS call of a resource's evaluation; stops it once the budget allows no more calls. */
    void beforeCall() {
        if (!allowsAnotherCall()) {
            throw new OutOfTime();
        }
    }

    /**
     * The budget ran out part-way through a resource: it is deferred, not failed, and gets no verdict. Public so a
     * door that answers at once (the CloudFormation hook) can say that time, not the resource, stopped it.
     */
    public static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("the invocation's time budget is used up", null, false, false);
        }
    }

    /** True while a PutEvaluations call started now still has at least a second before the invocation must end. */
    public boolean allowsAnotherPut() {
        return isUnlimited() || remaining().compareTo(RETURN_MARGIN.multipliedBy(2)) > 0;
    }

    /**
     * The longest the next PutEvaluations call may take so the invocation ends before Lambda stops it: the call
     * allowance, cut to what is left less a second; empty when unlimited (the client's own timeout applies).
     */
    public Optional<Duration> putTimeout() {
        if (isUnlimited()) {
            return Optional.empty();
        }
        Duration left = remaining().minus(RETURN_MARGIN);
        return Optional.of(left.compareTo(callAllowance) < 0 ? left : callAllowance);
    }
}
