package io.keyguard.configrule;

import io.keyguard.aws.AwsCallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Puts evaluations to AWS Config in batches, retrying the ones Config reports as failed. */
final class EvaluationReporter {

    static final int FAILED_EVALUATION_RETRIES = 3;
    /** Before the first retry of evaluations Config reported as failed; doubled, tripled, ... after. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final EvaluationSink sink;
    private final Duration retryPause;

    EvaluationReporter(EvaluationSink sink) {
        this(sink, RETRY_PAUSE);
    }

    EvaluationReporter(EvaluationSink sink, Duration retryPause) {
        this.sink = sink;
        this.retryPause = retryPause;
    }

    /**
     * Puts every evaluation; batches that fail are still followed by the rest. Each call is kept within the
     * invocation's remaining time, and batches there is no time left for are listed, not dropped.
     *
     * @throws EvaluationsNotRecordedException listing every evaluation Config did not record
     */
    void report(List<Evaluation> evaluations, String resultToken, boolean testMode, TimeBudget budget) {
        List<Evaluation> unrecorded = new ArrayList<>();
        String lastReason = null;
        for (int start = 0; start < evaluations.size(); start += EvaluationSink.BATCH_SIZE) {
            List<Evaluation> batch = evaluations.subList(start,
                    Math.min(start + EvaluationSink.BATCH_SIZE, evaluations.size()));
            if (!budget.allowsAnotherPut()) {
                unrecorded.addAll(batch);
                lastReason = "the invocation's time ran out before they could be put";
                continue;
            }
            try {
                List<Evaluation> failed = putWithRetries(batch, resultToken, testMode, budget);
                unrecorded.addAll(failed);
                if (!failed.isEmpty()) {
                    lastReason = "still in FailedEvaluations after " + FAILED_EVALUATION_RETRIES + " retries";
                }
            } catch (AwsCallException e) {
                unrecorded.addAll(batch);
                lastReason = e.operation() + " failed: " + e.reason();
            }
        }
        if (!unrecorded.isEmpty()) {
            throw new EvaluationsNotRecordedException(unrecorded, lastReason);
        }
    }

    private List<Evaluation> putWithRetries(List<Evaluation> batch, String resultToken, boolean testMode,
                                            TimeBudget budget) {
        List<Evaluation> pending = batch;
        for (int attempt = 0; attempt <= FAILED_EVALUATION_RETRIES && !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
                if (!budget.allowsAnotherPut()) {
                    break;
                }
            }
            pending = sink.put(pending, resultToken, testMode, budget.putTimeout());
        }
        return pending;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retryPause.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying PutEvaluations", e);
        }
    }
}
