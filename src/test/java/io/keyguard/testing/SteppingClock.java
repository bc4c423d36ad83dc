package io.keyguard.testing;

import io.keyguard.remediation.Pacing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when told: waiting code under test "sleeps" by moving it, so tests never sleep. */
public final class SteppingClock extends Clock {

    private Instant now = Instant.parse("2025-11-20T10:00:00Z");

    /** Pacing whose pauses move this clock instead of sleeping. */
    public static Pacing pacing(Duration pollInterval) {
        SteppingClock clock = new SteppingClock();
        return new Pacing(pollInterval, clock, clock::advance);
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
