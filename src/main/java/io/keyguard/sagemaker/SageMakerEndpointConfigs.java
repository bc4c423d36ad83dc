package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.evaluation.AwsCallException;
import io.keyguard.evaluation.EndpointConfigRef;
import io.keyguard.evaluation.EndpointConfigSource;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.ProductionVariantFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AsyncInferenceConfig;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSummary;
import software.amazon.awssdk.services.sagemaker.model.ListEndpointConfigsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;

/** Reads endpoint configs from SageMaker: DescribeEndpointConfig and ListEndpointConfigs. */
public final class SageMakerEndpointConfigs implements EndpointConfigSource {

    /** ListEndpointConfigs' largest page. */
    static final int PAGE_SIZE = 100;

    private final SageMakerClient sageMaker;

    public SageMakerEndpointConfigs(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    @Override
    public Optional<EndpointConfigFacts> describe(String endpointConfigName) {
        return MissingResources.describeUnlessMissing("sagemaker:DescribeEndpointConfig", endpointConfigName,
                MissingResources.ENDPOINT_CONFIG,
                () -> sageMaker.describeEndpointConfig(r -> r.endpointConfigName(endpointConfigName)))
                .map(SageMakerEndpointConfigs::toFacts);
    }

    @Override
    public void forEachEndpointConfig(Consumer<EndpointConfigRef> action) {
        String nextToken = null;
        do {
            ListEndpointConfigsResponse page = listPage(nextToken);
            for (EndpointConfigSummary summary : page.endpointConfigs()) {
                action.accept(new EndpointConfigRef(summary.endpointConfigName(), summary.endpointConfigArn()));
            }
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
    }

    @Override
    public Map<String, String> tags(String endpointConfigArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListTagsResponse page;
            try {
                page = sageMaker.listTags(r -> r.resourceArn(endpointConfigArn).nextToken(token));
            } catch (SdkException e) {
                throw AwsErrors.callFailed("sagemaker:ListTags", endpointConfigArn, e);
            }
            page.tags().forEach(tag -> tags.put(tag.key(), tag.value()));
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        return tags;
    }

    private ListEndpointConfigsResponse listPage(String nextToken) {
        try {
            return sageMaker.listEndpointConfigs(r -> r.maxResults(PAGE_SIZE).nextToken(nextToken));
        } catch (SdkException e) {
            throw AwsErrors.callFailed("sagemaker:ListEndpointConfigs", "the account's endpoint configs", e);
        }
    }

    static EndpointConfigFacts toFacts(DescribeEndpointConfigResponse response) {
        List<ProductionVariantFacts> variants = response.productionVariants().stream()
                .map(SageMakerEndpointConfigs::toVariant)
                .toList();
        DataCaptureConfig capture = response.dataCaptureConfig();
        AsyncInferenceConfig async = response.asyncInferenceConfig();
        return new EndpointConfigFacts(
                response.endpointConfigName(),
                response.endpointConfigArn(),
                response.kmsKeyId(),
                variants,
                capture != null && Boolean.TRUE.equals(capture.enableCapture()),
                capture == null ? null : capture.kmsKeyId(),
                async != null,
                async == null || async.outputConfig() == null ? null : async.outputConfig().kmsKeyId(),
                Map.of());
    }

    static ProductionVariantFacts toVariant(ProductionVariant variant) {
        return new ProductionVariantFacts(variant.variantName(), variant.instanceTypeAsString(),
                variant.serverlessConfig() != null);
    }
}
