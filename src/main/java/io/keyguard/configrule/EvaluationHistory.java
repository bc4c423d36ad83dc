package io.keyguard.configrule;

import java.util.function.Consumer;

/** The rule's earlier results, whatever their verdict (AWS Config in the Lambda). */
public interface EvaluationHistory {

    void forEachResult(String configRuleName, Consumer<EvaluatedResource> action);
}
