package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.aws.ThrottledAttempts;
import io.keyguard.configrule.ResourceRef;
import io.keyguard.configrule.ResourceSource;
import io.keyguard.configrule.event.InvalidEventException;
import io.keyguard.log.BoundedText;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigIds;
import io.keyguard.rule.VariantFacts;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import io.keyguard.sdk.sagemaker.model.AsyncInferenceConfig;
import io.keyguard.sdk.sagemaker.model.DataCaptureConfig;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse;
import io.keyguard.sdk.sagemaker.model.ProductionVariant;
import io.keyguard.sdk.sagemaker.model.ProductionVariantCoreDumpConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads endpoint configs from SageMaker: DescribeEndpointConfig, ListEndpointConfigs and ListTags. */
public final class SageMakerEndpointConfigs implements ResourceSource<EndpointConfigFacts> {

    private static final String DESCRIBE = "sagemaker:DescribeEndpointConfig";

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

    /**
     * SageMaker is asked by name: the name Config sent, else the part of the ARN after endpoint-config/.
     *
     * @throws InvalidEventException when that is no name SageMaker could have (it would refuse the call)
     */
    @Override
    public Optional<EndpointConfigFacts> describe(String resourceId, String resourceName) {
        String name = EndpointConfigIds.nameOf(resourceId, resourceName);
        if (!EndpointConfigIds.isValidName(name)) {
            throw new InvalidEventException("The configuration item names endpoint config '"
                    + BoundedText.abbreviate(name) + "' (from resourceName or resourceId), which is not a SageMaker"
                    + " endpoint config name (1-63 letters, digits and hyphens, starting with a letter or digit).");
        }
        return describeResponse(name).map(SageMakerEndpointConfigs::toFacts);
    }

    /** SageMaker's whole answer, for the remediation's copy; empty when SageMaker does not find the config. */
    Optional<DescribeEndpointConfigResponse> describeResponse(String endpointConfigName) {
        return MissingResources.describeUnlessMissing(DESCRIBE, endpointConfigName,
                MissingResources.ENDPOINT_CONFIG,
                () -> sageMaker.describeEndpointConfig(r -> r.endpointConfigName(endpointConfigName)));
    }

    @Override
    public void forEachResource(Consumer<ResourceRef> action) {
        AwsErrors.forEachPage(sageMaker.listEndpointConfigsPaginator(r -> r.maxResults(PAGE_SIZE)),
                "sagemaker:ListEndpointConfigs", everyResource(),
                page -> page.endpointConfigs().forEach(summary -> action.accept(
                        new ResourceRef(summary.endpointConfigArn(), summary.endpointConfigName()))));
    }

    /** A config known only by name (a template's) has no tags in SageMaker to read. */
    @Override
    public Map<String, String> tags(EndpointConfigFacts config) {
        return config.arn() == null ? config.tags() : tags(config.arn());
    }

    Map<String, String> tags(String endpointConfigArn) {
        Map<String, String> tags = new LinkedHashMap<>();
        AwsErrors.forEachPage(sageMaker.listTagsPaginator(r -> r.resourceArn(endpointConfigArn)),
                "sagemaker:ListTags", endpointConfigArn,
                page -> page.tags().forEach(tag -> tags.put(tag.key(), tag.value())));
        return tags;
    }

    @Override
    public String identity(String resourceIdOrName) {
        return EndpointConfigIds.key(resourceIdOrName);
    }

    @Override
    public String describeOperation() {
        return DESCRIBE;
    }

    @Override
    public String everyResource() {
        return "the account's endpoint configs";
    }

    static EndpointConfigFacts toFacts(DescribeEndpointConfigResponse response) {
        DataCaptureConfig capture = response.dataCaptureConfig();
        AsyncInferenceConfig async = response.asyncInferenceConfig();
        return new EndpointConfigFacts(
                response.endpointConfigName(),
                response.endpointConfigArn(),
                response.kmsKeyId(),
                variants(response),
                capture != null && Boolean.TRUE.equals(capture.enableCapture()),
                capture == null ? null : capture.kmsKeyId(),
                async != null,
                async == null || async.outputConfig() == null ? null : async.outputConfig().kmsKeyId(),
                Map.of());
    }

    /** Production variants, then shadow variants, in SageMaker's order. */
    static List<VariantFacts> variants(DescribeEndpointConfigResponse response) {
        List<VariantFacts> variants = new ArrayList<>();
        response.productionVariants().forEach(v -> variants.add(toVariant(v)));
        response.shadowProductionVariants().forEach(v -> variants.add(toVariant(v).asShadow()));
        return variants;
    }

    /** Its instance type, or every type of its instance pools; its core dump key when it writes core dumps. */
    private static VariantFacts toVariant(ProductionVariant variant) {
        List<String> types = new ArrayList<>();
        if (variant.instanceTypeAsString() != null) {
            types.add(variant.instanceTypeAsString());
        }
        variant.instancePools().forEach(pool -> types.add(pool.instanceTypeAsString()));
        ProductionVariantCoreDumpConfig dump = variant.coreDumpConfig();
        return new VariantFacts(variant.variantName(), types, variant.serverlessConfig() != null, false,
                dump == null ? null : new VariantFacts.CoreDump(dump.kmsKeyId()));
    }
}
