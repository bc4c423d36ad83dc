package io.keyguard.awsconfig;

import io.keyguard.aws.AwsErrors;
import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.Evaluation;
import io.keyguard.configrule.EvaluationSink;
import io.keyguard.sdk.config.ConfigClient;
import io.keyguard.sdk.config.model.ComplianceType;
import io.keyguard.sdk.config.model.PutEvaluationsResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/** Evaluations put with PutEvaluations. */
public final class ConfigEvaluations implements EvaluationSink {

    private final ConfigClient config;

    public ConfigEvaluations(ConfigClient config) {
        this.config = config;
    }

    @Override
    public List<Evaluation> put(List<Evaluation> batch, String resultToken, boolean testMode,
                                Optional<Duration> timeout) {
        Map<String, Evaluation> byKey = batch.stream()
                .collect(Collectors.toMap(ConfigEvaluations::key, Function.identity(), (a, b) -> b));
        PutEvaluationsResponse response;
        try {
            response = config.putEvaluations(r -> {
                r.resultToken(resultToken)
                        .testMode(testMode)
                        .evaluations(batch.stream().map(ConfigEvaluations::toSdk).toList());
                timeout.ifPresent(t -> r.overrideConfiguration(o -> o.apiCallTimeout(t)));
            });
        } catch (SdkException e) {
            throw AwsErrors.callFailed("config:PutEvaluations", batch.size() + " evaluation(s)", e);
        }
        List<Evaluation> failed = new ArrayList<>();
        for (io.keyguard.sdk.config.model.Evaluation f : response.failedEvaluations()) {
            Evaluation original = byKey.get(f.complianceResourceType() + "|" + f.complianceResourceId());
            failed.add(original != null ? original : fromSdk(f));
        }
        return failed;
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
                Compliance.valueOf(f.complianceTypeAsString()),
                f.annotation() == null ? "" : f.annotation(), f.orderingTimestamp());
    }
}
