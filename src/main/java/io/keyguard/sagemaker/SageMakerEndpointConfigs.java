package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.aws.ThrottledAttempts;
import io.keyguard.evaluation.EndpointConfigRef;
import io.keyguard.evaluation.EndpointConfigSource;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.ProductionVariantFacts;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import io.keyguard.sdk.sagemaker.model.AsyncInferenceConfig;
import io.keyguard.sdk.sagemaker.model.DataCaptureConfig;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse;
import io.keyguard.sdk.sagemaker.model.ProductionVariant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads endpoint configs from SageMaker: DescribeEndpointConfig and ListEndpointConfigs. */
public final class SageMakerEndpointConfigs implements EndpointConfigSource {

    /** ListEndpointConfigs' largest page. */
    static final int PAGE_SIZE = 100;

    private final SageMakerClient sageMaker;
    private final Optional<ThrottledAttempts> throttled;

    public SageMakerEndpointConfigs(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
        this.throttled = ThrottledAttempts.of(sageMaker);
    }

    /** Counted by the client's {@link ThrottledAttempts}, when it has one (the Lambda's clients do). */
    @Override
    public long throttledAttempts() {
        return throttled.map(ThrottledAttempts::count).orElse(0L);
    }

    @Override
    public Optional<EndpointConfigFacts> describe(String endpointConfigName) {
        return describeResponse(endpointConfigName).map(SageMakerEndpointConfigs::toFacts);
    }

    /** SageMaker's whole answer, for the remediation's copy; empty when SageMaker does not find the config. */
    Optional<DescribeEndpointConfigResponse> describeResponse(String endpointConfigName) {
        return MissingResources.describeUnlessMissing("sagemaker:DescribeEndpointConfig", endpointConfigName,
                MissingResources.ENDPOINT_CONFIG,
                () -> sageMaker.describeEndpointConfig(r -> r.endpointConfigName(endpointConfigName)));
    }

    @Override
    public void forEachEndpointConfig(Consumer<EndpointConfigRef> action) {
        AwsErrors.forEachPage(sageMaker.listEndpointConfigsPaginator(r -> r.maxResults(PAGE_SIZE)),
                "sagemaker:ListEndpointConfigs", "the account's endpoint configs",
                page -> page.endpointConfigs().forEach(summary -> action.accept(
                        new EndpointConfigRef(summary.endpointConfigName(), summary.endpointConfigArn()))));
    }

    @Override
    public Map<String, String> tags(String endpointConfigArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.forEachPage(sageMaker.listTagsPaginator(r -> r.resourceArn(endpointConfigArn)),
                "sagemaker:ListTags", endpointConfigArn,
                page -> page.tags().forEach(tag -> tags.put(tag.key(), tag.value())));
        return tags;
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
