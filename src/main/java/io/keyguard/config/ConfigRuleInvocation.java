package io.keyguard.config;

import io.keyguard.rule.RuleParameters;

/**
 * One invocation by AWS Config, with its JSON strings parsed.
 *
 * @param eventLeftScope true when the resource is no longer in the rule's scope
 */
public record ConfigRuleInvocation(
        String configRuleName,
        InvokingEvent invokingEvent,
        RuleParameters parameters,
        String resultToken,
        boolean eventLeftScope) {

    /** The result token Config's own tooling uses for local runs; evaluations are then put in TestMode. */
    public static final String TEST_MODE_TOKEN = "TESTMODE";

    public boolean testMode() {
        return TEST_MODE_TOKEN.equals(resultToken);
    }
}
