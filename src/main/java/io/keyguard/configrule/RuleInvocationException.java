package io.keyguard.configrule;

import io.keyguard.log.BoundedText;
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

    /** Some resources could not be evaluated, and Config did not record some of the others either. */
    public RuleInvocationException(List<ResourceFailure> failures, int reported, EvaluationsNotRecordedException e) {
        super(message(failures, reported) + " " + e.getMessage(), e);
        this.failures = List.copyOf(failures);
    }

    public List<ResourceFailure> failures() {
        return failures;
    }

    private static String message(List<ResourceFailure> failures, int reported) {
        return "Could not evaluate " + failures.size() + " resource(s) "
                + BoundedText.firstOf(failures.stream().map(ResourceFailure::toString).toList(), LISTED) + "; "
                + reported + " evaluation(s) were reported. No verdict was reported for the failed resources.";
    }
}
