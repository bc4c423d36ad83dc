package io.keyguard.remediation;

import io.keyguard.aws.AwsCallException;
import java.util.Map;
import java.util.Optional;

/** The endpoint-config calls of a remediation (SageMaker's, in the function): read, copy with a key, delete. */
public interface EndpointConfigStore {

    /** One config as its service describes it, with the facts a remediation decides on. */
    interface StoredConfig {
        SourceConfig facts();
    }

    /**
     * The config, or empty when it does not exist.
     *
     * @throws AwsCallException when the call fails
     */
    Optional<StoredConfig> describe(String endpointConfigName);

    Map<String, String> tags(String endpointConfigArn);

    /**
     * Creates a copy of {@code original} (as {@link #describe} returned it), field for field, under {@code copyName}
     * with KmsKeyId {@code keyArn} and these tags; returns its ARN.
     */
    String createEncryptedCopy(StoredConfig original, String copyName, String keyArn, Map<String, String> tags);

    void delete(String endpointConfigName);
}
