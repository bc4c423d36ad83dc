package io.keyguard.configrule;

import io.keyguard.aws.AwsCallException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where evaluations go: AWS Config's PutEvaluations, one batch a call. */
public interface EvaluationSink {

    /** The most evaluations one call takes (PutEvaluations: 100). */
    int BATCH_SIZE = 100;

    /**
     * Puts one batch.
     *
     * @param timeout the longest the call may take, when the invocation's time bounds it
     * @return the evaluations AWS Config reported as failed (FailedEvaluations)
     * @throws AwsCallException when the call fails after the client's retries
     */
    List<Evaluation> put(List<Evaluation> batch, String resultToken, boolean testMode, Optional<Duration> timeout);
}
