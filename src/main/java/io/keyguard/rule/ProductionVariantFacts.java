package io.keyguard.rule;

/**
 * What the decision needs to know about one production variant.
 *
 * @param instanceType the ML instance type, or null for a serverless variant
 * @param serverless   true when the variant has a ServerlessConfig instead of instances
 */
public record ProductionVariantFacts(String variantName, String instanceType, boolean serverless) {
}
