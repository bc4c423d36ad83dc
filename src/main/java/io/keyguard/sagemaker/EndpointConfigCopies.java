package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.remediation.EndpointConfigStore;
import io.keyguard.remediation.SourceConfig;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import io.keyguard.sdk.sagemaker.model.CreateEndpointConfigRequest;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse;
import io.keyguard.sdk.sagemaker.model.Tag;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The endpoint config calls of the remediation: DescribeEndpointConfig, ListTags, CreateEndpointConfig (the
 * encrypted copy) and DeleteEndpointConfig.
 */
public final class EndpointConfigCopies implements EndpointConfigStore {

    private final SageMakerClient sageMaker;
    private final SageMakerEndpointConfigs reader;

    public EndpointConfigCopies(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
        this.reader = new SageMakerEndpointConfigs(sageMaker);
    }

    /** The config, or empty when SageMaker does not find it. */
    @Override
    public Optional<StoredConfig> describe(String endpointConfigName) {
        return reader.describeResponse(endpointConfigName)
                .map(response -> new EndpointConfigDescription(toSource(response), response));
    }

    @Override
    public Map<String, String> tags(String endpointConfigArn) {
        return reader.tags(endpointConfigArn);
    }

    /** Creates the copy (tags included, so it never exists untagged); returns its ARN. */
    @Override
    public String createEncryptedCopy(StoredConfig original, String copyName, String keyArn,
                                      Map<String, String> tags) {
        try {
            DescribeEndpointConfigResponse described = ((EndpointConfigDescription) original).response();
            return sageMaker.createEndpointConfig(copyRequest(described, copyName, keyArn, tags))
                    .endpointConfigArn();
        } catch (SdkException e) {
            throw AwsErrors.callFailed("sagemaker:CreateEndpointConfig", copyName, e);
        }
    }

    @Override
    public void delete(String endpointConfigName) {
        try {
            sageMaker.deleteEndpointConfig(r -> r.endpointConfigName(endpointConfigName));
        } catch (SdkException e) {
            throw AwsErrors.callFailed("sagemaker:DeleteEndpointConfig", endpointConfigName, e);
        }
    }

    /**
     * The original, field for field, under a new name with KmsKeyId set. Request and description share their nested
     * types (ProductionVariant, DataCaptureConfig, ...), so nested settings are carried over whole; a test checks that
     * every field CreateEndpointConfig accepts is copied.
     */
    static CreateEndpointConfigRequest copyRequest(DescribeEndpointConfigResponse original, String copyName,
                                                   String keyArn, Map<String, String> tags) {
        return CreateEndpointConfigRequest.builder()
                .endpointConfigName(copyName)
                .kmsKeyId(keyArn)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())
                .productionVariants(original.productionVariants())
                .shadowProductionVariants(original.hasShadowProductionVariants()
                        ? original.shadowProductionVariants() : null)
                .dataCaptureConfig(original.dataCaptureConfig())
                .asyncInferenceConfig(original.asyncInferenceConfig())
                .explainerConfig(original.explainerConfig())
                .executionRoleArn(original.executionRoleArn())
                .vpcConfig(original.vpcConfig())
                .enableNetworkIsolation(original.enableNetworkIsolation())
                .metricsConfig(original.metricsConfig())
                .build();
    }

    static SourceConfig toSource(DescribeEndpointConfigResponse response) {
        return new SourceConfig(response.endpointConfigName(), response.endpointConfigArn(), response.kmsKeyId(),
                SageMakerEndpointConfigs.variants(response), response.executionRoleArn());
    }
}
