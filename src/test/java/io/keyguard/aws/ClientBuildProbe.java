package io.keyguard.aws;

/**
 * Run in a JVM of its own by {@link ClientBuildClassesTest}: builds the rule's clients as the Lambda function does
 * ({@link AwsClients#fromEnvironment()}) and prints where each one sends its calls.
 */
public final class ClientBuildProbe {

    private ClientBuildProbe() {
    }

    public static void main(String[] args) {
        AwsClients clients = AwsClients.fromEnvironment();
        System.out.println("endpoint sagemaker " + clients.sageMaker().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint config " + clients.config().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint kms " + clients.kms().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint override " + (clients.endpointOverride() == null ? "-" : clients.endpointOverride()));
    }
}
