package io.keyguard.configrule;

import io.keyguard.keys.KeyDirectory;

/**
 * The services a {@link ConfigRuleRunner} calls, each behind the port its adapter implements: where the resources
 * come from, what KMS says of keys, and AWS Config's earlier results and new evaluations.
 *
 * @param <R> the facts of one resource
 */
public record Services<R>(ResourceSource<R> resources, KeyDirectory keys, EvaluationHistory history,
                          EvaluationSink evaluations) {
}
