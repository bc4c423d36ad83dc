package io.keyguard.configrule;

import java.util.List;

/**
 * What one invocation decided, the resources it could not decide, and the resources its time budget did not
 * reach (left, without a verdict, to the next periodic run).
 */
public record EvaluationRun(List<Evaluation> evaluations, List<ResourceFailure> failures, List<String> deferred) {

    public EvaluationRun {
        evaluations = List.copyOf(evaluations);
        failures = List.copyOf(failures);
        deferred = List.copyOf(deferred);
    }

    public EvaluationRun(List<Evaluation> evaluations, List<ResourceFailure> failures) {
        this(evaluations, failures, List.of());
    }
}
