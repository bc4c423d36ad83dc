package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.remediation.EndpointFleet;
import io.keyguard.remediation.EndpointState;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/** The endpoint calls of the remediation: ListEndpoints, DescribeEndpoint and UpdateEndpoint. */
public final class SageMakerEndpoints implements EndpointFleet {

    /** ListEndpoints' largest page. */
    static final int PAGE_SIZE = 100;

    private final SageMakerClient sageMaker;

    public SageMakerEndpoints(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    /**
     * Every endpoint in the account and Region (every ListEndpoints page), described: ListEndpoints does not say
     * which config an endpoint runs on. An endpoint deleted between the two calls is left out.
     */
    @Override
    public List<EndpointState> all() {
        List<String> names = new ArrayList<>();
        AwsErrors.forEachPage(sageMaker.listEndpointsPaginator(r -> r.maxResults(PAGE_SIZE)),
                "sagemaker:ListEndpoints", "the account's endpoints",
                page -> page.endpoints().forEach(summary -> names.add(summary.endpointName())));
        List<EndpointState> endpoints = new ArrayList<>();
        for (String name : names) {
            describe(name).ifPresent(endpoints::add);
        }
        return endpoints;
    }

    /** The endpoint, or empty when SageMaker no longer finds it. */
    @Override
    public Optional<EndpointState> describe(String endpointName) {
        return MissingResources.describeUnlessMissing("sagemaker:DescribeEndpoint", endpointName,
                MissingResources.ENDPOINT, () -> sageMaker.describeEndpoint(r -> r.endpointName(endpointName)))
                .map(SageMakerEndpoints::toState);
    }

    private static EndpointState toState(DescribeEndpointResponse endpoint) {
        return new EndpointState(endpoint.endpointName(), endpoint.endpointStatusAsString(),
                endpoint.endpointConfigName(),
                endpoint.pendingDeploymentSummary() == null ? null
                        : endpoint.pendingDeploymentSummary().endpointConfigName(),
                endpoint.failureReason(), endpoint.lastDeploymentConfig() != null);
    }

    /**
     * Moves the endpoint to another config. Instance counts and weights the endpoint has now (autoscaling may have
     * changed them) are kept, and so is the deployment configuration of its last update (blue/green traffic shifting,
     * rollback alarms) when it had one: only the encryption changes.
     */
    @Override
    public void moveTo(EndpointState endpoint, String endpointConfigName) {
        try {
            sageMaker.updateEndpoint(r -> r.endpointName(endpoint.name())
                    .endpointConfigName(endpointConfigName)
                    .retainAllVariantProperties(true)
                    .retainDeploymentConfig(endpoint.hasDeploymentConfig() ? true : null));
        } catch (SdkException e) {
            throw AwsErrors.callFailed("sagemaker:UpdateEndpoint", endpoint.name(), e);
        }
    }
}
