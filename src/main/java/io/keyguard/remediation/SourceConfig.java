package io.keyguard.remediation;

import io.keyguard.rule.ProductionVariantFacts;
import java.util.List;
import java.util.Objects;

/**
 * What the remediation needs to know about the endpoint config it copies.
 *
 * @param kmsKeyId         the config's current KmsKeyId, or null
 * @param variants         production and shadow variants: SageMaker refuses a KmsKeyId if any runs on local storage
 * @param executionRoleArn the role the copy passes to SageMaker again (iam:PassRole), or null
 */
public record SourceConfig(String name, String arn, String kmsKeyId, List<ProductionVariantFacts> variants,
                           String executionRoleArn) {

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        variants = List.copyOf(variants);
        kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId;
    }
}
