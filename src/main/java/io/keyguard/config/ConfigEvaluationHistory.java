package io.keyguard.config;

import io.keyguard.aws.AwsErrors;
import io.keyguard.evaluation.EvaluatedResource;
import io.keyguard.evaluation.EvaluationHistory;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByConfigRuleResponse;

/** The rule's earlier results, read with GetComplianceDetailsByConfigRule, every page. */
public final class ConfigEvaluationHistory implements EvaluationHistory {

    /** GetComplianceDetailsByConfigRule's largest page. */
    static final int PAGE_SIZE = 100;

    private final ConfigClient config;

    public ConfigEvaluationHistory(ConfigClient config) {
        this.config = config;
    }

    @Override
    public void forEachActiveResult(String configRuleName, Consumer<EvaluatedResource> action) {
        String nextToken = null;
        do {
            GetComplianceDetailsByConfigRuleResponse page = page(configRuleName, nextToken);
            for (EvaluationResult result : page.evaluationResults()) {
                EvaluationResultQualifier qualifier = result.evaluationResultIdentifier().evaluationResultQualifier();
                action.accept(new EvaluatedResource(qualifier.resourceType(), qualifier.resourceId()));
            }
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
    }

    private GetComplianceDetailsByConfigRuleResponse page(String configRuleName, String nextToken) {
        try {
            // Results already NOT_APPLICABLE need no clean-up, so only the two live verdicts are read.
            return config.getComplianceDetailsByConfigRule(r -> r.configRuleName(configRuleName)
                    .complianceTypes(ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT)
                    .limit(PAGE_SIZE)
                    .nextToken(nextToken));
        } catch (SdkException e) {
            throw AwsErrors.callFailed("config:GetComplianceDetailsByConfigRule", "rule " + configRuleName, e);
        }
    }
}
