package io.keyguard.aws;

import io.keyguard.testing.FakeAws;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * Run in a JVM of its own by {@link HttpsCallsTest}, so that the clients' TLS context trusts what that JVM's
 * javax.net.ssl settings say: describes one endpoint config over HTTPS through the rule's own clients, in one attempt
 * (so one request reaches the fake, however long the cold JVM takes over its first handshake).
 */
public final class HttpsCallProbe {

    private HttpsCallProbe() {
    }

    public static void main(String[] args) {
        AwsClients clients = AwsClients.create(Region.of(FakeAws.REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY)), URI.create(args[0]),
                FakeAws.ONE_ATTEMPT);
        try {
            System.out.println("described " + clients.sageMaker()
                    .describeEndpointConfig(r -> r.endpointConfigName(args[1])).endpointConfigArn());
        } catch (SdkException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.out.println("failed " + root.getClass().getName() + ": " + root.getMessage());
            System.exit(1);
        }
    }
}
