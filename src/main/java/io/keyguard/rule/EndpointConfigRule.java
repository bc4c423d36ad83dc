package io.keyguard.rule;

import io.keyguard.configrule.ConfigRule;
import io.keyguard.configrule.LookedUp;
import io.keyguard.configrule.Needs;
import io.keyguard.configrule.Verdict;

/**
 * The SageMaker endpoint-config rule, as the Config-rule core and the other doors see it: what it needs looked up
 * (the keys the config uses in the slots being checked, alias entries of kmsKeyArns, and the tags when an
 * exemption tag is set), and {@link EndpointConfigDecision} to decide.
 */
public final class EndpointConfigRule implements ConfigRule<EndpointConfigFacts> {

    public static final String RESOURCE_TYPE = "AWS::SageMaker::EndpointConfig";
    /** The rule's id in reports (SARIF ruleId) and in the suppressions that name it. */
    public static final String ID = "sagemaker-endpoint-config-cmk";

    private final RuleParameters parameters;
    private final Wording wording;

    public EndpointConfigRule(RuleParameters parameters) {
        this(parameters, Wording.LIVE);
    }

    /** @param wording where the verdicts will be read: field names and the fix the annotations advise */
    public EndpointConfigRule(RuleParameters parameters, Wording wording) {
        this.parameters = parameters;
        this.wording = wording;
    }

    public RuleParameters parameters() {
        return parameters;
    }

    @Override
    public String resourceType() {
        return RESOURCE_TYPE;
    }

    @Override
    public String resourceNoun() {
        return "endpoint config";
    }

    @Override
    public Needs needs(EndpointConfigFacts config) {
        return new Needs(EndpointConfigDecision.keysToResolve(config, parameters), parameters.requireKeyRotation(),
                parameters.exemptionTagKey() != null);
    }

    /** Tags looked up replace the config's own (DescribeEndpointConfig has none; a template's are looked up too). */
    @Override
    public Verdict decide(EndpointConfigFacts config, LookedUp lookedUp) {
        EndpointConfigFacts judged = lookedUp.tags().map(config::withTags).orElse(config);
        return EndpointConfigDecision.decide(judged, parameters, lookedUp.keys(), wording);
    }
}
