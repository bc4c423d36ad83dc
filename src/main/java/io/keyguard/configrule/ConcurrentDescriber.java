package io.keyguard.configrule;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs the periodic run's per-config work (describe, tags, keys, decide) on a small fixed pool and hands each
 * outcome back on the calling thread, so the caller's lists need no locking. Submitting blocks while as many
 * pieces of work as allowed are in flight: the describing never runs ahead of what the pool can do.
 *
 * <p>How many are allowed adapts to the service, additive-increase, multiplicative-decrease: when the
 * throttling count the caller supplies has grown since the last outcome, the allowance halves (at most once
 * per round of the work that was in flight), and after a round of outcomes without new throttling it grows by
 * one, back up to the concurrency. So a sweep that meets SageMaker's rate limit eases off instead of spending
 * its retries, and the account's other users of the API keep their share.
 *
 * @param <T> what one piece of work produces
 */
public final class ConcurrentDescriber<T> implements AutoCloseable {

    /** Describes in flight at once: enough to hide latency, few enough to stay under SageMaker's rate. */
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int MAX_CONCURRENCY = 64;
    /** The function's environment variable that overrides {@link #DEFAULT_CONCURRENCY}. */
    public static final String CONCURRENCY_VARIABLE = "DESCRIBE_CONCURRENCY";

    private final ExecutorService pool;
    private final CompletionService<T> completions;
    private final Consumer<T> onOutcome;
    private final int concurrency;
    private final LongSupplier throttledSoFar;
    private long throttledSeen;
    private int allowed;
    private int outcomesBeforeNextDecrease;
    private int calmOutcomes;
    private int inFlight;

    /** @param onOutcome receives each outcome, on the thread that calls {@link #submit} and {@link #finish} */
    public ConcurrentDescriber(int concurrency, Consumer<T> onOutcome) {
        this(concurrency, () -> 0, onOutcome);
    }

    /**
     * @param throttledSoFar how many calls the service has throttled so far (a running count, read after each
     *                       outcome)
     * @param onOutcome      receives each outcome, on the thread that calls {@link #submit} and {@link #finish}
     */
    public ConcurrentDescriber(int concurrency, LongSupplier throttledSoFar, Consumer<T> onOutcome) {
        this(concurrency, threadPool(concurrency), throttledSoFar, onOutcome);
    }

    /**
     * @param pool runs the work; closing the describer shuts it down (tests hand in one whose steps they control)
     */
    ConcurrentDescriber(int concurrency, ExecutorService pool, LongSupplier throttledSoFar, Consumer<T> onOutcome) {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            pool.shutdownNow();
            throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        this.pool = pool;
        this.completions = new ExecutorCompletionService<>(pool);
        this.onOutcome = onOutcome;
        this.concurrency = concurrency;
        this.throttledSoFar = throttledSoFar;
        this.throttledSeen = throttledSoFar.getAsLong();
        this.allowed = concurrency;
    }

    /** A fixed pool of {@code concurrency} daemon threads, named for thread dumps. */
    static ExecutorService threadPool(int concurrency) {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        AtomicInteger threads = new AtomicInteger();
        return Executors.newFixedThreadPool(concurrency, work -> {
            Thread thread = new Thread(work, "describe-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The concurrency set by {@value #CONCURRENCY_VARIABLE}, or {@link #DEFAULT_CONCURRENCY} when unset.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a number from 1 to 64
     */
    public static int concurrency(String variableValue) {
        if (variableValue == null || variableValue.isBlank()) {
            return DEFAULT_CONCURRENCY;
        }
        try {
            int value = Integer.parseInt(variableValue.trim());
            if (value >= 1 && value <= MAX_CONCURRENCY) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException("Environment variable " + CONCURRENCY_VARIABLE + " is '" + variableValue
                + "'; expected a number of concurrent describes from 1 to " + MAX_CONCURRENCY + ".");
    }

    /** How many pieces of work may be in flight now: the concurrency, or less while the service throttles. */
    public int allowed() {
        return allowed;
    }

    /** Queues {@code work}, first handing over finished outcomes while as many as allowed are in flight. */
    public void submit(Callable<T> work) {
        while (inFlight >= allowed) {
            takeOne();
        }
        completions.submit(work);
        inFlight++;
    }

    /** Waits for everything submitted and hands over its outcomes. */
    public void finish() {
        while (inFlight > 0) {
            takeOne();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** Work that fails with anything but its own outcome is a defect: it fails the caller, not silently. */
    private void takeOne() {
        T outcome;
        try {
            Future<T> done = completions.take();
            inFlight--;
            outcome = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing endpoint configs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Describing an endpoint config failed", e.getCause());
        }
        adapt();
        onOutcome.accept(outcome);
    }

    /** Additive increase, multiplicative decrease, on the service's throttling. */
    private void adapt() {
        outcomesBeforeNextDecrease--;
        long throttled = throttledSoFar.getAsLong();
        if (throttled > throttledSeen) {
            throttledSeen = throttled;
            calmOutcomes = 0;
            // Work already in flight was started under the old allowance and may still report throttling.
            if (outcomesBeforeNextDecrease <= 0) {
                allowed = Math.max(1, allowed / 2);
                outcomesBeforeNextDecrease = inFlight;
            }
        } else if (++calmOutcomes >= allowed) {
            allowed = Math.min(concurrency, allowed + 1);
            calmOutcomes = 0;
        }
    }
}
