package io.keyguard.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The AWS clients the rule uses, built once per container and handed to the adapters, so tests can hand
 * in clients pointed at a local fake instead.
 */
public record AwsClients(SageMakerClient sageMaker, ConfigClient config, KmsClient kms) {

    /**
     * Clients for where the code runs. In Lambda, region and credentials come straight from the
     * environment Lambda sets (no provider chain to walk); elsewhere the SDK's default chains apply, so a
     * local run works with a profile. AWS_ENDPOINT_URL (or the aws.endpointUrl system property) is honoured
     * by the SDK itself.
     */
    public static AwsClients fromEnvironment() {
        if (!LambdaEnvironment.inLambda()) {
            return create(DefaultAwsRegionProviderChain.builder().build().getRegion(),
                    DefaultCredentialsProvider.builder().build());
        }
        Region region = System.getenv("AWS_REGION") != null
                ? Region.of(System.getenv("AWS_REGION"))
                : DefaultAwsRegionProviderChain.builder().build().getRegion();
        // SnapStart functions get no key variables: Lambda serves their credentials from a local endpoint.
        AwsCredentialsProvider credentials = LambdaEnvironment.snapStart()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
        return create(region, credentials);
    }

    public static AwsClients create(Region region, AwsCredentialsProvider credentials) {
        return create(region, credentials, httpClient(CallLimits.PRODUCTION), CallLimits.PRODUCTION);
    }

    /**
     * Clients on the given HTTP client, with the timeouts and retries of {@code limits}; SnapStart priming hands
     * in one that answers from canned responses.
     */
    public static AwsClients create(Region region, AwsCredentialsProvider credentials, SdkHttpClient http,
                                    CallLimits limits) {
        ClientOverrideConfiguration override = overrideConfiguration(limits);
        return new AwsClients(
                SageMakerClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(http).overrideConfiguration(override).build(),
                ConfigClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(http).overrideConfiguration(override).build(),
                KmsClient.builder().region(region).credentialsProvider(credentials)
                        .httpClient(http).overrideConfiguration(override).build());
    }

    /** The JDK's URLConnection: no Apache or Netty stack to load, which keeps cold starts short. */
    public static SdkHttpClient httpClient() {
        return httpClient(CallLimits.PRODUCTION);
    }

    public static SdkHttpClient httpClient(CallLimits limits) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(limits.connectTimeout())
                .socketTimeout(limits.socketTimeout())
                .build();
    }

    public static ClientOverrideConfiguration overrideConfiguration() {
        return overrideConfiguration(CallLimits.PRODUCTION);
    }

    /** Timeouts and the SDK's standard retry strategy (exponential backoff with full jitter) sized by limits. */
    public static ClientOverrideConfiguration overrideConfiguration(CallLimits limits) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(limits.attemptTimeout())
                .apiCallTimeout(limits.callTimeout())
                .retryStrategy(b -> b.maxAttempts(limits.maxAttempts())
                        .backoffStrategy(BackoffStrategy.exponentialDelay(limits.baseDelay(), limits.maxBackoff()))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(limits.throttlingBaseDelay(),
                                limits.maxBackoff())))
                .build();
    }
}
