package io.keyguard.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients the rule uses, built once per container and handed to the adapters, so tests can hand
 * in clients pointed at a local fake instead.
 */
public record AwsClients(SageMakerClient sageMaker, ConfigClient config, KmsClient kms) {

    /** Attempts per call (the first plus retries with backoff and jitter) for throttling and 5xx answers. */
    static final int MAX_ATTEMPTS = 5;
    /**
     * SageMaker's attempts in a periodic run, which keeps describing while SageMaker throttles: eight attempts
     * wait out up to about a minute of throttling (1 s doubling to 20 s, with jitter) before a config fails.
     */
    static final int SAGEMAKER_MAX_ATTEMPTS = 8;

    /**
     * Clients for where the code runs. In Lambda, region and credentials come straight from the
     * environment Lambda sets (no provider chain to walk); elsewhere the SDK's default chains apply, so a
     * local run works with a profile. AWS_ENDPOINT_URL (or the aws.endpointUrl system property) is honoured
     * by the SDK itself.
     */
    public static AwsClients fromEnvironment() {
        boolean inLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
        Region region = inLambda && System.getenv("AWS_REGION") != null
                ? Region.of(System.getenv("AWS_REGION"))
                : DefaultAwsRegionProviderChain.builder().build().getRegion();
        AwsCredentialsProvider credentials = inLambda
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        return create(region, credentials);
    }

    public static AwsClients create(Region region, AwsCredentialsProvider credentials) {
        return create(region, credentials, null);
    }

    /**
     * @param endpointOverride where to send every call (a local fake or emulator); null lets the SDK resolve
     *                         the service endpoints, honouring AWS_ENDPOINT_URL
     */
    public static AwsClients create(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                    URI endpointOverride) {
        SdkHttpClient http = httpClient();
        return new AwsClients(
                configure(SageMakerClient.builder(), region, credentials, endpointOverride, http,
                        sageMakerOverrideConfiguration()).build(),
                configure(ConfigClient.builder(), region, credentials, endpointOverride, http,
                        overrideConfiguration()).build(),
                configure(KmsClient.builder(), region, credentials, endpointOverride, http,
                        overrideConfiguration()).build());
    }

    /** An STS client for assuming roles, signed with the function's own credentials. */
    public static StsClient sts(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                URI endpointOverride) {
        return configure(StsClient.builder(), region, credentials, endpointOverride, httpClient(),
                overrideConfiguration()).build();
    }

    /** The JDK's URLConnection: no Apache or Netty stack to load, which keeps cold starts short. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(20))
                .build();
    }

    /**
     * The SDK's standard retry strategy (backoff with jitter), with {@link #MAX_ATTEMPTS} attempts. Named
     * explicitly: left to itself the SDK falls back to its legacy mode unless AWS_RETRY_MODE says otherwise.
     */
    public static ClientOverrideConfiguration overrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .build();
    }

    /**
     * For the periodic run's concurrent describes: the standard strategy with {@link #SAGEMAKER_MAX_ATTEMPTS}
     * attempts and without its circuit breaker, which would otherwise stop retrying altogether once many calls
     * in a row are throttled. Each describer thread waits out its own backoff, so while SageMaker throttles
     * fewer calls are sent and the sweep slows to the rate SageMaker grants; concurrency stays bounded by
     * the describer. (Measured against the SDK's adaptive mode in the README's "Benchmark".)
     */
    public static ClientOverrideConfiguration sageMakerOverrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(SAGEMAKER_MAX_ATTEMPTS).circuitBreakerEnabled(false).build())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder, Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            URI endpointOverride, SdkHttpClient http, ClientOverrideConfiguration override) {
        builder.region(region).credentialsProvider(credentials).httpClient(http).overrideConfiguration(override);
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }
}
