package io.keyguard.evaluation;

import io.keyguard.config.Evaluation;
import java.util.List;

/** What one invocation decided, and the resources it could not decide. */
public record EvaluationRun(List<Evaluation> evaluations, List<ResourceFailure> failures) {

    public EvaluationRun {
        evaluations = List.copyOf(evaluations);
        failures = List.copyOf(failures);
    }
}
