package io.keyguard.handler;

import io.keyguard.evaluation.ResourceFailure;
import java.util.List;

/** The invocation could not evaluate some resources; Config shows the rule's last run as failed. */
public final class RuleInvocationException extends RuntimeException {

    /** Enough resources to act on without flooding the Config console's error text. */
    private static final int LISTED = 20;

    private final List<ResourceFailure> failures;

    public RuleInvocationException(List<ResourceFailure> failures, int reported) {
        super(message(failures, reported));
        this.failures = List.copyOf(failures);
    }

    public List<ResourceFailure> failures() {
        return failures;
    }

    private static String message(List<ResourceFailure> failures, int reported) {
        String listed = failures.stream().limit(LISTED).map(ResourceFailure::toString).toList().toString();
        String more = failures.size() > LISTED ? " and " + (failures.size() - LISTED) + " more" : "";
        return "Could not evaluate " + failures.size() + " resource(s) " + listed + more + "; "
                + reported + " evaluation(s) were reported. No verdict was reported for the failed resources.";
    }
}
