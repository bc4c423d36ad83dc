package io.keyguard.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.keyguard.testing.FakeAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

class AwsClientsTest {

    @Test
    void sageMakerAdaptsItsRateToThrottlingAndTheOthersRetryInTheStandardWay() {
        try (FakeAws aws = new FakeAws()) {
            AwsClients clients = aws.clients();

            RetryStrategy sageMaker = strategy(clients.sageMaker().serviceClientConfiguration().overrideConfiguration());
            assertInstanceOf(AdaptiveRetryStrategy.class, sageMaker);
            assertEquals(AwsClients.MAX_ATTEMPTS, sageMaker.maxAttempts());
            for (ClientOverrideConfiguration other : new ClientOverrideConfiguration[] {
                    clients.config().serviceClientConfiguration().overrideConfiguration(),
                    clients.kms().serviceClientConfiguration().overrideConfiguration()}) {
                assertInstanceOf(StandardRetryStrategy.class, strategy(other));
                assertEquals(AwsClients.MAX_ATTEMPTS, strategy(other).maxAttempts());
            }
        }
    }

    private static RetryStrategy strategy(ClientOverrideConfiguration configuration) {
        return configuration.retryStrategy().orElseThrow();
    }
}
