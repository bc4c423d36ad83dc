package io.keyguard.config;

import io.keyguard.aws.AwsErrors;
import io.keyguard.evaluation.TimeBudget;
import io.keyguard.sdk.config.ConfigClient;
import io.keyguard.sdk.config.model.ComplianceType;
import io.keyguard.sdk.config.model.PutEvaluationsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/** Puts evaluations to AWS Config in batches, retrying the ones Config reports as failed. */
public final class EvaluationReporter {

    /** PutEvaluations accepts at most 100 evaluations per call. */
    public static final int BATCH_SIZE = 100;
    static final int FAILED_EVALUATION_RETRIES = 3;

    private final ConfigClient config;
    private final Duration retryPause;

    public EvaluationReporter(ConfigClient config) {
        this(config, Duration.ofMillis(200));
    }

    EvaluationReporter(ConfigClient config, Duration retryPause) {
        this.config = config;
        this.retryPause = retryPause;
    }

    /**
     * Puts every evaluation; batches that fail are still followed by the rest. Each call is kept within the
     * invocation's remaining time, and batches there is no time left for are listed, not dropped.
     *
     * @throws EvaluationsNotRecordedException listing every evaluation Config did not record
     */
    public void report(List<Evaluation> evaluations, String resultToken, boolean testMode, TimeBudget budget) {
        List<Evaluation> unrecorded = new ArrayList<>();
        String lastReason = null;
        for (int start = 0; start < evaluations.size(); start += BATCH_SIZE) {
            List<Evaluation> batch = evaluations.subList(start, Math.min(start + BATCH_SIZE, evaluations.size()));
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
            } catch (SdkException e) {
                unrecorded.addAll(batch);
                lastReason = "config:PutEvaluations failed: " + AwsErrors.describe(e);
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
            pending = put(pending, resultToken, testMode, budget);
        }
        return pending;
    }

    /** Returns the evaluations Config listed in FailedEvaluations. */
    private List<Evaluation> put(List<Evaluation> batch, String resultToken, boolean testMode, TimeBudget budget) {
        Map<String, Evaluation> byKey = batch.stream()
                .collect(Collectors.toMap(EvaluationReporter::key, Function.identity(), (a, b) -> b));
        PutEvaluationsResponse response = config.putEvaluations(r -> {
            r.resultToken(resultToken)
                    .testMode(testMode)
                    .evaluations(batch.stream().map(EvaluationReporter::toSdk).toList());
            budget.putTimeout().ifPresent(timeout -> r.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        });
        List<Evaluation> failed = new ArrayList<>();
        for (io.keyguard.sdk.config.model.Evaluation f : response.failedEvaluations()) {
            Evaluation original = byKey.get(f.complianceResourceType() + "|" + f.complianceResourceId());
            failed.add(original != null ? original : fromSdk(f));
        }
        return failed;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(retryPause.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while retrying PutEvaluations", e);
        }
    }

    private static String key(Evaluation e) {
        return e.resourceType() + "|" + e.resourceId();
    }

    static io.keyguard.sdk.config.model.Evaluation toSdk(Evaluation e) {
        return io.keyguard.sdk.config.model.Evaluation.builder()
                .complianceResourceType(e.resourceType())
                .complianceResourceId(e.resourceId())
                .complianceType(ComplianceType.fromValue(e.compliance().name()))
                .annotation(e.annotation())
                .orderingTimestamp(e.orderingTimestamp())
                .build();
    }

    private static Evaluation fromSdk(io.keyguard.sdk.config.model.Evaluation f) {
        return new Evaluation(f.complianceResourceType(), f.complianceResourceId(),
                io.keyguard.rule.Compliance.valueOf(f.complianceTypeAsString()),
                f.annotation() == null ? "" : f.annotation(), f.orderingTimestamp());
    }
}
