package io.keyguard.handler;

import io.keyguard.aws.AwsClients;

/**
 * Run in a JVM of its own by {@link TlsPrimingTest}: builds the rule's clients as the Lambda function does, primes
 * as Lambda's runtime has it do before a SnapStart snapshot (unless {@code unprimed}), then, unless
 * {@code prime-only}, makes the rule's first real call between two marker lines, so that the JVM's class log shows
 * what that call still had to load.
 */
public final class TlsPrimingProbe {

    static final String FIRST_CALL = "--- first call";
    static final String ANSWERED = "--- answered";

    private TlsPrimingProbe() {
    }

    /**
     * Arguments: {@code primed}, {@code unprimed} or {@code prime-only}, and the name of an endpoint config the
     * endpoint knows.
     */
    public static void main(String[] args) {
        AwsClients clients = AwsClients.fromEnvironment();
        if (!args[0].equals("unprimed")) {
            new SnapStartPriming().beforeCheckpoint(null); // what Lambda's runtime calls before the snapshot
        }
        if (args[0].equals("prime-only")) {
            return;
        }
        System.out.println(FIRST_CALL);
        String arn = clients.sageMaker().describeEndpointConfig(r -> r.endpointConfigName(args[1]))
                .endpointConfigArn();
        System.out.println(ANSWERED);
        System.out.println("described " + arn);
    }
}
