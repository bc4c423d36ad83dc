package io.keyguard.remediation;

import io.keyguard.rule.VariantFacts;
import java.util.List;
import java.util.Objects;

/**
 * What the remediation needs to know about the endpoint config it copies.
 *
 * @param kmsKeyId         the config's current KmsKeyId, or null
 * @param variants         production and shadow variants: a copy is pointless if any runs on local storage, which
 *                         a KmsKeyId does not encrypt
 * @param executionRoleArn the role the copy passes to SageMaker again (iam:PassRole), or null
 */
public record SourceConfig(String name, String arn, String kmsKeyId, List<VariantFacts> variants,
                           String executionRoleArn) {

    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        variants = List.copyOf(variants);
        kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId;
    }
}
