package io.keyguard.configrule;

import io.keyguard.configrule.event.ConfigRuleInvocation;
import io.keyguard.log.BoundedText;
import io.keyguard.log.JsonLog;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invocation's log lines: one per evaluation reported, per resource that failed or was not recorded, and one
 * for a run its time budget cut short. Each names the rule and resource; none carries the event, the result
 * token or a credential.
 */
public final class InvocationLog {

    /** Deferred resources named in the log line; the count covers all of them. */
    private static final int DEFERRED_LISTED = 50;

    private InvocationLog() {
    }

    /** An invocation refused before any call: its event, parameters or account could not be used. */
    public static void refused(RuntimeException e) {
        JsonLog.error("invocation refused", Map.of("error", e.getClass().getSimpleName(), "reason", e.getMessage()));
    }

    static void failures(ConfigRuleInvocation invocation, Collection<ResourceFailure> failures) {
        for (ResourceFailure failure : failures) {
            JsonLog.error("resource not evaluated", Map.of(
                    "rule", invocation.configRuleName(),
                    "resourceId", failure.resourceId(),
                    "operation", failure.operation(),
                    "reason", failure.reason()));
        }
    }

    static void reported(ConfigRuleInvocation invocation, Collection<Evaluation> evaluations) {
        for (Evaluation evaluation : evaluations) {
            JsonLog.info("evaluation reported", Map.of(
                    "rule", invocation.configRuleName(),
                    "resourceId", evaluation.resourceId(),
                    "compliance", evaluation.compliance().name(),
                    "annotation", evaluation.annotation()));
        }
    }

    static void notRecorded(ConfigRuleInvocation invocation, Collection<Evaluation> evaluations, String reason) {
        for (Evaluation evaluation : evaluations) {
            JsonLog.error("evaluation not recorded", Map.of(
                    "rule", invocation.configRuleName(),
                    "resourceId", evaluation.resourceId(),
                    "compliance", evaluation.compliance().name(),
                    "reason", reason));
        }
    }

    /** Auditors find here which configs a periodic run left to the next one, and why. */
    static void deferred(ConfigRuleInvocation invocation, EvaluationRun run) {
        if (run.deferred().isEmpty()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rule", invocation.configRuleName());
        fields.put("deferred", run.deferred().size());
        fields.put("evaluated", run.evaluations().size());
        fields.put("deferredResourceIds", BoundedText.firstOf(run.deferred(), DEFERRED_LISTED));
        fields.put("reason", "the invocation's time budget was used up; the next periodic run starts with these,"
                + " the least recently evaluated");
        JsonLog.warn("periodic run stopped early", fields);
    }
}
