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
}
