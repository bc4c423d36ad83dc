package io.keyguard.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fake's view of a busy AWS: how many calls of each operation arrived, and which of them to answer with
 * ThrottlingException. Throttling is either a fixed share of an operation's calls, spread evenly so runs
 * repeat exactly, or a request rate above which calls are refused (a token bucket, like a service quota).
 */
final class SimulatedNetwork {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();

    /** Calls to operations starting with {@code operationPrefix}: every 1/fraction-th is throttled. */
    void throttleShare(String operationPrefix, double fraction) {
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException("a throttled share must be between 0 and 1, not " + fraction);
        }
        throttles.put(operationPrefix, new Share(fraction));
    }

    /** Calls to operations starting with {@code operationPrefix} beyond {@code perSecond} are throttled. */
    void throttleRate(String operationPrefix, double perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a request rate must be positive, not " + perSecond);
        }
        throttles.put(operationPrefix, new Rate(perSecond));
    }

    /** Records the call; true when it is to be answered with ThrottlingException. */
    boolean throttles(String operation) {
        calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
        for (Map.Entry<String, Throttle> throttle : throttles.entrySet()) {
            if (operation.startsWith(throttle.getKey()) && throttle.getValue().refuses()) {
                throttled.computeIfAbsent(operation, o -> new LongAdder()).increment();
                return true;
            }
        }
        return false;
    }

    /** Forgets the calls counted so far (throttling goes on as set). */
    void reset() {
        calls.clear();
        throttled.clear();
    }

    Map<String, Long> calls() {
        return snapshot(calls);
    }

    Map<String, Long> throttled() {
        return snapshot(throttled);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((operation, count) -> copy.put(operation, count.sum()));
        return copy;
    }

    private interface Throttle {
        boolean refuses();
    }

    /** Call n is refused when floor(n * fraction) steps up: 0.1 refuses calls 10, 20, 30, ... */
    private static final class Share implements Throttle {
        private final double fraction;
        private final AtomicLong seen = new AtomicLong();

        Share(double fraction) {
            this.fraction = fraction;
        }

        @Override
        public boolean refuses() {
            long n = seen.incrementAndGet();
            return Math.floor(n * fraction) > Math.floor((n - 1) * fraction);
        }
    }

    /** A token bucket refilled at {@code perSecond}, holding at most one second's worth. */
    private static final class Rate implements Throttle {
        private final double perSecond;
        private double tokens;
        private long refilledAt = System.nanoTime();

        Rate(double perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        @Override
        public synchronized boolean refuses() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return false;
            }
            return true;
        }
    }
}
