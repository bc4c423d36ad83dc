package io.keyguard.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.testing.FakeAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

class AwsClientsTest {

    private static final int CALLS = 40;
    private static final int ATTEMPTS = FakeAws.TEST_LIMITS.maxAttempts();

    @Test
    void everyClientUsesTheStandardStrategyWithTheConfiguredAttempts() {
        try (FakeAws aws = new FakeAws()) {
            AwsClients clients = aws.clients();
            for (ClientOverrideConfiguration configuration : new ClientOverrideConfiguration[] {
                    clients.sageMaker().serviceClientConfiguration().overrideConfiguration(),
                    clients.config().serviceClientConfiguration().overrideConfiguration(),
                    clients.kms().serviceClientConfiguration().overrideConfiguration()}) {
                RetryStrategy strategy = configuration.retryStrategy().orElseThrow();
                assertInstanceOf(StandardRetryStrategy.class, strategy);
                assertEquals(CallLimits.PRODUCTION.maxAttempts(), strategy.maxAttempts());
            }
        }
    }

    /**
     * Forty calls throttled on every attempt: SageMaker retries each one fully, where the standard strategy's
     * circuit breaker (kept for Config and KMS) stops retrying once its retry budget is spent.
     */
    @Test
    void sageMakerKeepsRetryingThroughLongThrottlingWhereTheCircuitBreakerWouldStop() {
        try (FakeAws aws = new FakeAws()) {
            aws.failNext("SageMaker.DescribeEndpointConfig", CALLS * ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");
            aws.failNext("TrentService.DescribeKey", CALLS * ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");
            AwsClients clients = aws.clients(FakeAws.TEST_LIMITS);

            for (int i = 0; i < CALLS; i++) {
                assertThrows(SdkException.class, () -> clients.sageMaker().describeEndpointConfig(r -> r
                        .endpointConfigName("throttled")));
                assertThrows(SdkException.class, () -> clients.kms().describeKey(r -> r.keyId("throttled")));
            }

            assertEquals(CALLS * ATTEMPTS, aws.served("SageMaker.DescribeEndpointConfig"), "every attempt made");
            assertTrue(aws.served("TrentService.DescribeKey") < CALLS * ATTEMPTS,
                    "KMS stopped retrying: " + aws.served("TrentService.DescribeKey"));
        }
    }

    @Test
    void sageMakerCountsTheAttemptsItWasThrottledOnFromTheSdksMetrics() {
        try (FakeAws aws = new FakeAws().withEndpointConfig("cfg", null)) {
            aws.failNext("SageMaker.DescribeEndpointConfig", 3, 400, "ThrottlingException", "Rate exceeded");
            aws.failNext("SageMaker.ListEndpointConfigs", 1, 429, "TooManyRequestsException", "Too Many Requests");
            aws.failNext("SageMaker.ListTags", 2, 500, "InternalFailure", "not throttling");
            AwsClients clients = aws.clients(FakeAws.TEST_LIMITS);
            ThrottledAttempts throttled = ThrottledAttempts.of(clients.sageMaker()).orElseThrow();

            clients.sageMaker().describeEndpointConfig(r -> r.endpointConfigName("cfg"));
            clients.sageMaker().listEndpointConfigs(r -> r.maxResults(10));
            clients.sageMaker().listTags(r -> r.resourceArn(FakeAws.arnOf("cfg")));

            assertEquals(4, throttled.count(), "three throttled describes and one throttled listing, not the 500s");
        }
    }
}
