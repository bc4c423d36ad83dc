package io.keyguard.handler;

import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;

/**
 * Run in a JVM of its own by {@link ColdPathClassesTest}: builds the rule's clients as the Lambda function does
 * ({@link AwsClients#fromEnvironment}), prints where each one sends its calls, then runs the rule's path once on
 * clients built the same way but answered by canned responses (the SnapStart priming run), so that the JVM's class
 * log covers a whole change evaluation, requests included.
 */
public final class ColdPathProbe {

    private ColdPathProbe() {
    }

    public static void main(String[] args) {
        AwsClients clients = AwsClients.fromEnvironment(LambdaEnvironment.fromSystem());
        System.out.println("endpoint sagemaker " + clients.sageMaker().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint config " + clients.config().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint kms " + clients.kms().serviceClientConfiguration().endpointOverride()
                .map(Object::toString).orElse("-"));
        System.out.println("endpoint override " + (clients.endpointOverride() == null ? "-" : clients.endpointOverride()));
        System.out.println("calls " + SnapStartPriming.prime());
    }
}
