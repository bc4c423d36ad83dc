package io.keyguard.awsconfig;

import io.keyguard.aws.AwsErrors;
import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.EvaluatedResource;
import io.keyguard.configrule.EvaluationHistory;
import io.keyguard.sdk.config.ConfigClient;
import io.keyguard.sdk.config.model.ComplianceType;
import io.keyguard.sdk.config.model.EvaluationResult;
import io.keyguard.sdk.config.model.EvaluationResultIdentifier;
import io.keyguard.sdk.config.model.EvaluationResultQualifier;
import java.time.Instant;
import java.util.function.Consumer;

/** The rule's earlier results, read with GetComplianceDetailsByConfigRule, every page. */
public final class ConfigEvaluationHistory implements EvaluationHistory {

    /** GetComplianceDetailsByConfigRule's largest page. */
    static final int PAGE_SIZE = 100;

    private final ConfigClient config;

    public ConfigEvaluationHistory(ConfigClient config) {
        this.config = config;
    }

    /**
     * Every result with its verdict and when Config recorded it: the live verdicts for clean-up, and all of them
     * to find the configs evaluated least recently. INSUFFICIENT_DATA cannot be asked for (Config refuses it as a
     * filter) and this rule never reports it.
     */
    @Override
    public void forEachResult(String configRuleName, Consumer<EvaluatedResource> action) {
        AwsErrors.forEachPage(config.getComplianceDetailsByConfigRulePaginator(r -> r.configRuleName(configRuleName)
                        .complianceTypes(ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT,
                                ComplianceType.NOT_APPLICABLE)
                        .limit(PAGE_SIZE)),
                "config:GetComplianceDetailsByConfigRule", "rule " + configRuleName,
                page -> page.evaluationResults().forEach(result -> {
                    EvaluationResultIdentifier identifier = result.evaluationResultIdentifier();
                    EvaluationResultQualifier qualifier =
                            identifier == null ? null : identifier.evaluationResultQualifier();
                    // A result that names no resource gives nothing to order or retire by.
                    if (qualifier != null && qualifier.resourceId() != null) {
                        action.accept(new EvaluatedResource(qualifier.resourceType(), qualifier.resourceId(),
                                compliance(result), recordedAt(result, identifier)));
                    }
                }));
    }

    private static Compliance compliance(EvaluationResult result) {
        for (Compliance compliance : Compliance.values()) {
            if (compliance.name().equals(result.complianceTypeAsString())) {
                return compliance;
            }
        }
        return null;
    }

    /** When the result was recorded; the invocation or ordering time when Config leaves that out. */
    private static Instant recordedAt(EvaluationResult result, EvaluationResultIdentifier identifier) {
        if (result.resultRecordedTime() != null) {
            return result.resultRecordedTime();
        }
        if (result.configRuleInvokedTime() != null) {
            return result.configRuleInvokedTime();
        }
        return identifier.orderingTimestamp();
    }
}
