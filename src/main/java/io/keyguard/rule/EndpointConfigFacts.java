package io.keyguard.rule;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The facts about one SageMaker endpoint configuration that every source (DescribeEndpointConfig, a
 * template, a Terraform plan) reduces to, so one decision serves them all.
 *
 * @param name                the endpoint config name (a template's logical id when it sets none)
 * @param arn                 the ARN when known (from SageMaker), else null
 * @param kmsKeyId            the top-level KmsKeyId (storage volumes), or null when absent
 * @param variants            production variants
 * @param dataCaptureEnabled  true when DataCaptureConfig.EnableCapture is true
 * @param dataCaptureKmsKeyId DataCaptureConfig.KmsKeyId, or null
 * @param asyncInference      true when the config has an AsyncInferenceConfig
 * @param asyncOutputKmsKeyId AsyncInferenceConfig.OutputConfig.KmsKeyId, or null
 * @param tags                resource tags (empty when not read)
 */
public record EndpointConfigFacts(
        String name,
        String arn,
        String kmsKeyId,
        List<VariantFacts> variants,
        boolean dataCaptureEnabled,
        String dataCaptureKmsKeyId,
        boolean asyncInference,
        String asyncOutputKmsKeyId,
        Map<String, String> tags) {

    public EndpointConfigFacts {
        Objects.requireNonNull(name, "name");
        variants = List.copyOf(variants);
        tags = Map.copyOf(tags);
        kmsKeyId = blankToNull(kmsKeyId);
        dataCaptureKmsKeyId = blankToNull(dataCaptureKmsKeyId);
        asyncOutputKmsKeyId = blankToNull(asyncOutputKmsKeyId);
    }

    /** A config with only a name and a top-level key: the shape most tests and templates need. */
    public static EndpointConfigFacts of(String name, String kmsKeyId, VariantFacts... variants) {
        return new EndpointConfigFacts(name, null, kmsKeyId, List.of(variants), false, null, false, null, Map.of());
    }

    public EndpointConfigFacts withTags(Map<String, String> newTags) {
        return new EndpointConfigFacts(name, arn, kmsKeyId, variants, dataCaptureEnabled, dataCaptureKmsKeyId,
                asyncInference, asyncOutputKmsKeyId, newTags);
    }

    public boolean hasKmsKeyId() {
        return kmsKeyId != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
