package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.remediation.EndpointState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ListEndpointsResponse;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** The endpoint calls of the remediation: ListEndpoints, DescribeEndpoint and UpdateEndpoint. */
public final class SageMakerEndpoints {

    /** ListEndpoints' largest page. */
    static final int PAGE_SIZE = 100;

    private final SageMakerClient sageMaker;

    public SageMakerEndpoints(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    /**
     * Every endpoint in the account and Region, described: ListEndpoints does not say which config an endpoint
     * runs on, so each one is described. An endpoint deleted between the two calls is left out.
     */
    public List<EndpointState> all() {
        List<String> names = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListEndpointsResponse page;
            try {
                page = sageMaker.listEndpoints(r -> r.maxResults(PAGE_SIZE).nextToken(token));
            } catch (SdkException e) {
                throw AwsErrors.callFailed("sagemaker:ListEndpoints", "the account's endpoints", e);
            }
            page.endpoints().forEach(summary -> names.add(summary.endpointName()));
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty());
        List<EndpointState> endpoints = new ArrayList<>();
        for (String name : names) {
            describe(name).ifPresent(endpoints::add);
        }
        return endpoints;
    }

    /** The endpoint, or empty when SageMaker no longer finds it. */
    public Optional<EndpointState> describe(String endpointName) {
        DescribeEndpointResponse endpoint;
        try {
            endpoint = sageMaker.describeEndpoint(r -> r.endpointName(endpointName));
        } catch (SageMakerException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.callFailed("sagemaker:DescribeEndpoint", endpointName, e);
        } catch (SdkException e) {
            throw AwsErrors.callFailed("sagemaker:DescribeEndpoint", endpointName, e);
        }
        return Optional.of(new EndpointState(endpoint.endpointName(), endpoint.endpointStatusAsString(),
                endpoint.endpointConfigName(),
                endpoint.pendingDeploymentSummary() == null ? null
                        : endpoint.pendingDeploymentSummary().endpointConfigName(),
                endpoint.failureReason(), endpoint.lastDeploymentConfig() != null));
    }

    /**
     * Moves the endpoint to another config. Instance counts and weights the endpoint has now (autoscaling may have
     * changed them) are kept, and so is the deployment configuration of its last update (blue/green traffic shifting,
     * rollback alarms) when it had one: only the encryption changes.
     */
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

    /** SageMaker reports a missing endpoint as a ValidationException, distinguishable only by its message. */
    static boolean isNotFound(SageMakerException e) {
        return e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode())
                && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().contains("Could not find endpoint");
    }
}
