package io.keyguard.aws;

import java.time.Duration;

/**
 * How long one AWS call may take and how it is retried. A call is given {@code maxAttempts} attempts of at
 * most {@code attemptTimeout} each, with exponential backoff and full jitter between them, and never more than
 * {@code callTimeout} in all, so a slow or failing service cannot eat the Lambda's time.
 *
 * @param connectTimeout       opening a connection
 * @param socketTimeout        waiting for bytes on an open connection
 * @param attemptTimeout       one attempt, from sending the request to reading the whole response
 * @param callTimeout          all attempts of one call together, backoff included
 * @param maxAttempts          the first attempt plus retries, for throttling, 5xx, timeouts and network errors
 * @param baseDelay            backoff before the first retry of a 5xx or network error (then doubled each time)
 * @param throttlingBaseDelay  backoff before the first retry of a throttled call (then doubled each time)
 * @param maxBackoff           the longest single backoff
 */
public record CallLimits(
        Duration connectTimeout,
        Duration socketTimeout,
        Duration attemptTimeout,
        Duration callTimeout,
        int maxAttempts,
        Duration baseDelay,
        Duration throttlingBaseDelay,
        Duration maxBackoff) {

    /**
     * What the Lambda uses. SageMaker, KMS and Config answer these calls in tens of milliseconds, so 5 s per
     * attempt only cuts off a hung connection; 20 s per call leaves room for the SDK's standard backoff (100 ms,
     * or 1 s when throttled, doubling, with full jitter: at most 15 s over four retries when throttled).
     */
    public static final CallLimits PRODUCTION = new CallLimits(Duration.ofSeconds(3), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(20), 5, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(20));

    public CallLimits {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (attemptTimeout.compareTo(callTimeout) > 0) {
            throw new IllegalArgumentException("attemptTimeout " + attemptTimeout + " exceeds callTimeout "
                    + callTimeout);
        }
    }
}
