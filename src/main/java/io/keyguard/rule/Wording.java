package io.keyguard.rule;

/**
 * Where a verdict will be read, which decides the names of the key fields and the fix the annotation advises. A
 * deployed endpoint config cannot be changed (the fix is a copy with the key, and moving the endpoints to it); in a
 * template or a Terraform configuration the fix is to set the property or argument, and the next deployment replaces
 * the config.
 */
public enum Wording {

    /** A deployed config, as Config and the hook see it: the API's field names. */
    LIVE("KmsKeyId", "DataCaptureConfig.KmsKeyId", "AsyncInferenceConfig.OutputConfig.KmsKeyId",
            "CoreDumpConfig.KmsKeyId"),
    /** A CloudFormation/SAM template: its property names are the API's. */
    TEMPLATE("KmsKeyId", "DataCaptureConfig.KmsKeyId", "AsyncInferenceConfig.OutputConfig.KmsKeyId",
            "CoreDumpConfig.KmsKeyId"),
    /** Terraform source or plan: the aws_sagemaker_endpoint_configuration arguments. */
    TERRAFORM("kms_key_arn", "data_capture_config.kms_key_id", "async_inference_config.output_config.kms_key_id",
            "core_dump_config.kms_key_id");

    private final String storageKey;
    private final String dataCaptureKey;
    private final String asyncOutputKey;
    private final String coreDumpKey;

    Wording(String storageKey, String dataCaptureKey, String asyncOutputKey, String coreDumpKey) {
        this.storageKey = storageKey;
        this.dataCaptureKey = dataCaptureKey;
        this.asyncOutputKey = asyncOutputKey;
        this.coreDumpKey = coreDumpKey;
    }

    String storageKey() {
        return storageKey;
    }

    String dataCaptureKey() {
        return dataCaptureKey;
    }

    String asyncOutputKey() {
        return asyncOutputKey;
    }

    String coreDumpKey() {
        return coreDumpKey;
    }

    boolean live() {
        return this == LIVE;
    }

    /** The fix for a missing storage key. */
    String setStorageKey(boolean serverless) {
        if (!live()) {
            return "Set " + storageKey + " to a customer-managed KMS key.";
        }
        return serverless ? "Create a copy with KmsKeyId set to a customer-managed KMS key and move the endpoint to it."
                : "Create a copy of this endpoint config with KmsKeyId set to a customer-managed KMS key and move its"
                        + " endpoints to the copy.";
    }

    /** The fix for another missing key, whose field the sentence before names. */
    String setOtherKey(String field) {
        return live() ? "Set a customer-managed key in a new config." : "Set " + field + " to a customer-managed key.";
    }

    /** The fix for a key that may not be used: another key, in a new config when the config is deployed. */
    String useAnotherKey(String which) {
        return "Use " + which + (live() ? " in a new config." : ".");
    }

    /** The fix for a key outside kmsKeyArns. */
    String useAListedKey() {
        return live() ? "Use a listed key (create a copy of this config with it and move its endpoints) or add this"
                + " key to kmsKeyArns." : "Use a listed key or add this key to kmsKeyArns.";
    }

    /** The other way out when a key cannot be made usable: {@code key} in its place. */
    String switchTo(String key) {
        return live() ? "move the endpoints to a config with " + key : "use " + key;
    }
}
