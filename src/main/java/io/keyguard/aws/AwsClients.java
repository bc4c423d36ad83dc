package io.keyguard.aws;

import io.keyguard.sdk.config.ConfigClient;
import io.keyguard.sdk.kms.KmsClient;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import java.net.URI;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
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
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients the rule uses, built once per container and handed to the adapters, so tests can hand
 * in clients pointed at a local fake instead.
 *
 * @param endpointOverride where every call is sent instead of AWS (a local fake or emulator) when one was given to
 *                         {@code create}; null when each client finds its own (endpoint URLs in the environment,
 *                         which the STS client for member accounts reads for itself, included)
 */
public record AwsClients(SageMakerClient sageMaker, ConfigClient config, KmsClient kms, URI endpointOverride)
        implements AutoCloseable {

    /**
     * Clients for where the code runs. In Lambda, region and credentials come straight from the
     * environment Lambda sets (no provider chain to walk); elsewhere the SDK's default chains apply, so a
     * local run works with a profile. AWS_ENDPOINT_URL (or the aws.endpointUrl system property) is honoured
     * by the SDK itself.
     */
    public static AwsClients fromEnvironment(LambdaEnvironment environment) {
        return fromEnvironment(environment, CallLimits.PRODUCTION);
    }

    /** Clients for where the code runs, as {@link #fromEnvironment(LambdaEnvironment)}, with limits' timeouts. */
    public static AwsClients fromEnvironment(LambdaEnvironment environment, CallLimits limits) {
        return create(environmentRegion(environment), environmentCredentials(environment), httpClient(limits), limits);
    }

    /** The Region Lambda runs the function in (AWS_REGION); outside Lambda, the SDK's default chain's. */
    public static Region environmentRegion(LambdaEnvironment environment) {
        String lambdaRegion = environment.variable("AWS_REGION");
        return environment.inLambda() && lambdaRegion != null ? Region.of(lambdaRegion)
                : DefaultAwsRegionProviderChain.builder().build().getRegion();
    }

    /**
     * The function's own credentials, straight from what Lambda sets (no provider chain to walk); outside Lambda, the
     * SDK's default chain, so a local run works with a profile.
     */
    public static AwsCredentialsProvider environmentCredentials(LambdaEnvironment environment) {
        if (!environment.inLambda()) {
            return DefaultCredentialsProvider.builder().build();
        }
        // SnapStart functions get no key variables: Lambda serves their credentials from a local endpoint.
        return environment.snapStart() ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
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
        return create(region, credentials, null, http, limits);
    }

    /**
     * @param endpointOverride where to send every call (a local fake or emulator); null lets the SDK resolve
     *                         the service endpoints, honouring AWS_ENDPOINT_URL
     */
    public static AwsClients create(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                    URI endpointOverride, CallLimits limits) {
        return create(region, credentials, endpointOverride, limits, UnaryOperator.identity());
    }

    /**
     * @param adjust applied last to each client's override configuration: tests hand in what drives the clients'
     *               timeouts (a scheduler and an interceptor of their own), so none elapses by itself on a slow machine
     */
    public static AwsClients create(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                    URI endpointOverride, CallLimits limits,
                                    UnaryOperator<ClientOverrideConfiguration.Builder> adjust) {
        return create(region, credentials, endpointOverride, httpClient(limits), limits, adjust);
    }

    private static AwsClients create(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                     URI endpointOverride, SdkHttpClient http, CallLimits limits) {
        return create(region, credentials, endpointOverride, http, limits, UnaryOperator.identity());
    }

    private static AwsClients create(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials,
                                     URI endpointOverride, SdkHttpClient http, CallLimits limits,
                                     UnaryOperator<ClientOverrideConfiguration.Builder> adjust) {
        RuleEndpoints endpoints = endpointOverride == null ? RuleEndpoints.forRegion(region) : null;
        return new AwsClients(
                configure(SageMakerClient.builder(), region, credentials,
                        endpoints == null ? endpointOverride : endpoints.sageMaker(), http,
                        adjust.apply(sageMakerOverrideConfiguration(limits).toBuilder()).build()).build(),
                configure(ConfigClient.builder(), region, credentials,
                        endpoints == null ? endpointOverride : endpoints.config(), http,
                        adjust.apply(overrideConfiguration(limits).toBuilder()).build()).build(),
                configure(KmsClient.builder(), region, credentials,
                        endpoints == null ? endpointOverride : endpoints.kms(), http,
                        adjust.apply(overrideConfiguration(limits).toBuilder()).build()).build(),
                endpointOverride);
    }

    /**
     * Clients like these (region, endpoint, timeouts and retries) signed with other credentials: a member
     * account's, through its execution role.
     */
    public AwsClients signedWith(IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        SdkHttpClient http = httpClient();
        return new AwsClients(
                like(SageMakerClient.builder(), sageMaker.serviceClientConfiguration(), credentials, http).build(),
                like(ConfigClient.builder(), config.serviceClientConfiguration(), credentials, http).build(),
                like(KmsClient.builder(), kms.serviceClientConfiguration(), credentials, http).build(),
                endpointOverride);
    }

    /** Closes the three clients; the HTTP client they share is the caller's, as the SDK leaves it. */
    @Override
    public void close() {
        sageMaker.close();
        config.close();
        kms.close();
    }

    /**
     * An STS client for assuming roles in {@code region}, signed with the function's own credentials, with the
     * timeouts and retries of these clients.
     */
    public StsClient sts(Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
        // Only the limits and their scheduler carry over: the rest (interceptors) belongs to the Config client.
        ClientOverrideConfiguration own = config.serviceClientConfiguration().overrideConfiguration();
        ClientOverrideConfiguration.Builder sts = ClientOverrideConfiguration.builder();
        own.apiCallTimeout().ifPresent(sts::apiCallTimeout);
        own.apiCallAttemptTimeout().ifPresent(sts::apiCallAttemptTimeout);
        own.retryStrategy().ifPresent(sts::retryStrategy);
        own.scheduledExecutorService().ifPresent(sts::scheduledExecutorService);
        return configure(StsClient.builder(), region, credentials, endpointOverride, httpClient(), sts.build())
                .build();
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

    /**
     * Timeouts and the SDK's standard retry strategy (exponential backoff with full jitter) sized by limits. The
     * strategy is named: left to itself the SDK would fall back to its legacy mode unless AWS_RETRY_MODE says
     * otherwise.
     */
    public static ClientOverrideConfiguration overrideConfiguration(CallLimits limits) {
        return override(limits, standardRetries(limits).build());
    }

    /**
     * For the periodic run's concurrent describes: the same, without the standard strategy's circuit breaker,
     * which stops retrying altogether once many calls in a row were throttled and so fails configs a moment's
     * patience would have evaluated, and with a {@link ThrottledAttempts} counter, from which the periodic run
     * learns to describe fewer configs at once while SageMaker throttles. (Measured against the SDK's adaptive
     * mode in docs/benchmarks.md.)
     */
    public static ClientOverrideConfiguration sageMakerOverrideConfiguration(CallLimits limits) {
        return override(limits, standardRetries(limits).circuitBreakerEnabled(false).build()).toBuilder()
                .addMetricPublisher(new ThrottledAttempts())
                .build();
    }

    private static StandardRetryStrategy.Builder standardRetries(CallLimits limits) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(limits.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(limits.baseDelay(), limits.maxBackoff()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(limits.throttlingBaseDelay(),
                        limits.maxBackoff()));
    }

    private static ClientOverrideConfiguration override(CallLimits limits, StandardRetryStrategy retries) {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(limits.attemptTimeout())
                .apiCallTimeout(limits.callTimeout())
                .retryStrategy(retries)
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B like(
            B builder, AwsServiceClientConfiguration configuration,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials, SdkHttpClient http) {
        return configure(builder, configuration.region(), credentials, configuration.endpointOverride().orElse(null),
                http, configuration.overrideConfiguration());
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
