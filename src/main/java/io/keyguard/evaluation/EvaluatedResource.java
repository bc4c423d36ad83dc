package io.keyguard.evaluation;

/** A resource this rule reported on in an earlier run, as AWS Config identifies it. */
public record EvaluatedResource(String resourceType, String resourceId) {
}
