package io.keyguard.evaluation;

import java.util.function.Consumer;

/** The rule's earlier results that still say COMPLIANT or NON_COMPLIANT (AWS Config in the Lambda). */
public interface EvaluationHistory {

    void forEachActiveResult(String configRuleName, Consumer<EvaluatedResource> action);
}
