package io.keyguard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The timeouts of the tests' SDK clients: none elapses by itself, however slow the machine. An answer that the fake
 * marks as "too late" ({@link FakeAws#hangNext}) makes the calling thread's earliest timeout elapse, as real time would
 * while that answer never came, so a test about a timeout drives it instead of racing it, and no other call can be
 * disturbed by one.
 *
 * <p>Two parts, installed on each client by {@link #install}: the scheduler the SDK times calls and attempts with
 * (it only ever asks for {@code schedule(Runnable, delay, unit)} and cancels what it scheduled when a call or attempt
 * ends), and an interceptor that, on the calling thread after the marked answer arrived, runs that thread's earliest
 * timeout. The SDK then finds its timeout elapsed and the thread interrupted, and fails the attempt (or the call,
 * when the call's timeout comes first) exactly as it does in production; the answer itself is never read.
 */
final class ManualTimeouts extends ScheduledThreadPoolExecutor {

    /** Response header by which the fake marks an answer that arrived after the caller's timeout. */
    static final String TOO_LATE = "x-fake-aws-too-late";

    private final List<Timer> pending = new ArrayList<>();
    private final List<Duration> scheduled = new ArrayList<>();
    /** Virtual time, per this scheduler: it moves only when a timeout is made to elapse. */
    private long nowMillis;

    ManualTimeouts() {
        super(0);
    }

    /** Adds the scheduler and the interceptor to a client's configuration. */
    ClientOverrideConfiguration.Builder install(ClientOverrideConfiguration.Builder override) {
        return override.scheduledExecutorService(this).addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if (context.httpResponse().firstMatchingHeader(TOO_LATE).isPresent()) {
                    elapseEarliestOfThisThread();
                }
            }
        });
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        Timer timer = new Timer(task, nowMillis + unit.toMillis(delay), Thread.currentThread());
        pending.add(timer);
        scheduled.add(Duration.ofMillis(unit.toMillis(delay)));
        return timer;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the SDK's sync clients schedule only timeout tasks");
    }

    /** Every timeout the clients asked for so far, in order: a call's and its attempts', as configured or overridden. */
    synchronized List<Duration> scheduled() {
        return List.copyOf(scheduled);
    }

    private void elapseEarliestOfThisThread() {
        Timer earliest;
        synchronized (this) {
            earliest = pending.stream().filter(t -> t.caller() == Thread.currentThread())
                    .min(Comparator.comparingLong(Timer::dueMillis))
                    .orElseThrow(() -> new IllegalStateException("no timeout is running for this call"));
            pending.remove(earliest);
            nowMillis = Math.max(nowMillis, earliest.dueMillis());
        }
        earliest.task().run();
    }

    private final class Timer implements ScheduledFuture<Object> {
        private final Runnable task;
        private final long dueMillis;
        private final Thread caller;
        private volatile boolean cancelled;

        Timer(Runnable task, long dueMillis, Thread caller) {
            this.task = task;
            this.dueMillis = dueMillis;
            this.caller = caller;
        }

        Runnable task() {
            return task;
        }

        long dueMillis() {
            return dueMillis;
        }

        Thread caller() {
            return caller;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualTimeouts.this) {
                cancelled = true;
                return pending.remove(this);
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            synchronized (ManualTimeouts.this) {
                return !pending.contains(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualTimeouts.this) {
                return unit.convert(dueMillis - nowMillis, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a timeout task has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a timeout task has no result");
        }
    }
}
