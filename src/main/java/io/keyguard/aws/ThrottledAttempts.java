package io.keyguard.aws;

import io.keyguard.sdk.sagemaker.SageMakerClient;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts the attempts a client's service answered with throttling, read from the SDK's own per-attempt metrics
 * (each API call's {@code ApiCallAttempt} collections, {@link CoreMetric#ERROR_TYPE} {@value #THROTTLING}). The
 * periodic run watches it to describe fewer configs at once while SageMaker pushes back.
 */
public final class ThrottledAttempts implements MetricPublisher {

    /** The value of {@link CoreMetric#ERROR_TYPE} for an attempt the service throttled. */
    static final String THROTTLING = "Throttling";
    private static final String ATTEMPT = "ApiCallAttempt";

    private final LongAdder throttled = new LongAdder();

    /** The counter attached to this client's configuration, if it has one. */
    public static Optional<ThrottledAttempts> of(SageMakerClient client) {
        return client.serviceClientConfiguration().overrideConfiguration().metricPublishers().stream()
                .filter(ThrottledAttempts.class::isInstance).map(ThrottledAttempts.class::cast).findFirst();
    }

    /** Called by the SDK on the calling thread at the end of every API call, its retries included. */
    @Override
    public void publish(MetricCollection call) {
        call.childrenWithName(ATTEMPT).forEach(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).stream()
                .filter(THROTTLING::equals).forEach(type -> throttled.increment()));
    }

    /** Throttled attempts so far, over the client's lifetime. */
    public long count() {
        return throttled.sum();
    }

    @Override
    public void close() {
        // Nothing is held open: the count lives as long as the client.
    }
}
