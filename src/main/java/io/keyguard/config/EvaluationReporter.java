package io.keyguard.config;

import io.keyguard.aws.AwsErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.PutEvaluationsResponse;

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

    /** Batches that are put as soon as they fill, so a long periodic run reports as it goes. */
    public Batches open(String resultToken, boolean testMode) {
        return new Batches(resultToken, testMode);
    }

    /** Evaluations on their way to Config, put {@value #BATCH_SIZE} at a time; not thread-safe. */
    public final class Batches implements Consumer<Evaluation> {
        private final String resultToken;
        private final boolean testMode;
        private final List<Evaluation> pending = new ArrayList<>(BATCH_SIZE);
        private final List<Evaluation> unrecorded = new ArrayList<>();
        private String lastReason;

        private Batches(String resultToken, boolean testMode) {
            this.resultToken = resultToken;
            this.testMode = testMode;
        }

        @Override
        public void accept(Evaluation evaluation) {
            pending.add(evaluation);
            if (pending.size() == BATCH_SIZE) {
                flush();
            }
        }

        /**
         * Puts what is left; a batch that failed was still followed by the rest.
         *
         * @throws EvaluationsNotRecordedException listing every evaluation Config did not record
         */
        public void finish() {
            flush();
            if (!unrecorded.isEmpty()) {
                throw new EvaluationsNotRecordedException(unrecorded, lastReason);
            }
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            List<Evaluation> batch = List.copyOf(pending);
            pending.clear();
            try {
                List<Evaluation> failed = putWithRetries(batch, resultToken, testMode);
                if (!failed.isEmpty()) {
                    unrecorded.addAll(failed);
                    lastReason = "still in FailedEvaluations after " + FAILED_EVALUATION_RETRIES + " retries";
                }
            } catch (SdkException e) {
                unrecorded.addAll(batch);
                lastReason = "config:PutEvaluations failed: " + AwsErrors.describe(e);
            }
        }
    }

    private List<Evaluation> putWithRetries(List<Evaluation> batch, String resultToken, boolean testMode) {
        List<Evaluation> pending = batch;
        for (int attempt = 0; attempt <= FAILED_EVALUATION_RETRIES && !pending.isEmpty(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            pending = put(pending, resultToken, testMode);
        }
        return pending;
    }

    /** Returns the evaluations Config listed in FailedEvaluations. */
    private List<Evaluation> put(List<Evaluation> batch, String resultToken, boolean testMode) {
        Map<String, Evaluation> byKey = batch.stream()
                .collect(Collectors.toMap(EvaluationReporter::key, Function.identity(), (a, b) -> b));
        PutEvaluationsResponse response = config.putEvaluations(r -> r
                .resultToken(resultToken)
                .testMode(testMode)
                .evaluations(batch.stream().map(EvaluationReporter::toSdk).toList()));
        List<Evaluation> failed = new ArrayList<>();
        for (software.amazon.awssdk.services.config.model.Evaluation f : response.failedEvaluations()) {
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

    static software.amazon.awssdk.services.config.model.Evaluation toSdk(Evaluation e) {
        return software.amazon.awssdk.services.config.model.Evaluation.builder()
                .complianceResourceType(e.resourceType())
                .complianceResourceId(e.resourceId())
                .complianceType(ComplianceType.fromValue(e.compliance().name()))
                .annotation(e.annotation())
                .orderingTimestamp(e.orderingTimestamp())
                .build();
    }

    private static Evaluation fromSdk(software.amazon.awssdk.services.config.model.Evaluation f) {
        return new Evaluation(f.complianceResourceType(), f.complianceResourceId(),
                io.keyguard.rule.Compliance.valueOf(f.complianceTypeAsString()),
                f.annotation() == null ? "" : f.annotation(), f.orderingTimestamp());
    }
}
