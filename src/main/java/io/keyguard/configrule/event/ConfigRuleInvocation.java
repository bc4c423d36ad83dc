package io.keyguard.configrule.event;

import io.keyguard.aws.TargetAccount;
import java.util.Map;

/**
 * One invocation by AWS Config, as read from its event.
 *
 * @param ruleParameters the rule's own parameters (name to string value), not yet judged by the rule; the
 *                       invocation's parameters ExecutionRoleName and ExecutionRoleRegion are in {@code target}
 * @param target         the account the event is about, and how to reach it
 * @param eventLeftScope true when the resource is no longer in the rule's scope
 */
public record ConfigRuleInvocation(
        String configRuleName,
        InvokingEvent invokingEvent,
        Map<String, String> ruleParameters,
        TargetAccount target,
        String resultToken,
        boolean eventLeftScope) {

    /** The result token Config's own tooling uses for local runs; evaluations are then put in TestMode. */
    public static final String TEST_MODE_TOKEN = "TESTMODE";

    public ConfigRuleInvocation {
        ruleParameters = Map.copyOf(ruleParameters);
    }

    public boolean testMode() {
        return TEST_MODE_TOKEN.equals(resultToken);
    }

    /**
     * This invocation as a local run makes it: in the account of the credentials at hand, whatever account the event
     * names, and in TestMode whatever token it carries. The token is replaced rather than kept beside TestMode, so
     * that nothing a local run sends could ever record a result in Config.
     */
    public ConfigRuleInvocation asLocalRun() {
        return new ConfigRuleInvocation(configRuleName, invokingEvent, ruleParameters,
                TargetAccount.CREDENTIALS_ACCOUNT, TEST_MODE_TOKEN, eventLeftScope);
    }
}
