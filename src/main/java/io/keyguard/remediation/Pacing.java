package io.keyguard.remediation;

import java.time.Clock;
import java.time.Duration;

/**
 * How waiting for endpoints is paced: how often DescribeEndpoint is asked, against which clock, and how the pause
 * between polls is spent (tests pass a clock that the pause moves forward instead of sleeping).
 */
public record Pacing(Duration pollInterval, Clock clock, Sleeper sleeper) {

    /** SageMaker's own waiters poll endpoints every 30 seconds; a blue/green switch takes minutes. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(15);

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static Pacing real() {
        return new Pacing(POLL_INTERVAL, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }
}
