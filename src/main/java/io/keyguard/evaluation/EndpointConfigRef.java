package io.keyguard.evaluation;

/** An endpoint config as listed by SageMaker: its name (to describe it) and ARN (its AWS Config id). */
public record EndpointConfigRef(String name, String arn) {
}
