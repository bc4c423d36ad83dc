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

    /**
     * What the CloudFormation hook uses. CloudFormation waits 30 s for the hook's answer, the function's start
     * included, and a config costs one or two KMS calls per key (DescribeKey, and GetKeyRotationStatus when
     * rotation is required). 2 s to connect and 3 s of a silent socket cut off a hung connection early; 4 s an
     * attempt and 3 attempts with backoff (100 ms, or 500 ms when throttled, doubling, full jitter) end a call within
     * 10 s, so both calls for one key fit in 20 s and the rest of the 30 s is left for starting and answering. The
     * hook's time budget starts no call that could not end in time.
     */
    public static final CallLimits HOOK = new CallLimits(Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(4), Duration.ofSeconds(10), 3, Duration.ofMillis(100), Duration.ofMillis(500),
            Duration.ofSeconds(2));

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
