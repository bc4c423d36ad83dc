package io.keyguard.local;

import io.keyguard.cli.Main;
import io.keyguard.testing.FakeAws;
import java.nio.file.Path;

/**
 * The offline local run: starts the local fake of SageMaker, AWS Config and KMS on loopback, seeded with
 * {@code events/fake-account/state.json}, points the SDK at it the way a user would point it at any
 * AWS-compatible endpoint ({@code aws.endpointUrl}, the system-property twin of AWS_ENDPOINT_URL), and runs
 * the shipped command line on the bundled events, or with the arguments given ({@code -Dexec.args="remediate
 * ..."}). No AWS account and no network beyond loopback.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) {
        String[] arguments = args.length == 0 ? new String[] {"run", "events"} : args;
        int exit;
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))) {
            System.setProperty("aws.endpointUrl", aws.endpoint().toString());
            System.setProperty("aws.region", FakeAws.REGION);
            System.setProperty("aws.accessKeyId", FakeAws.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", "local-fake-secret");
            System.out.println("Offline run against a local fake of SageMaker, AWS Config and KMS at " + aws.endpoint()
                    + " (account " + FakeAws.ACCOUNT + ", " + FakeAws.REGION + ")");
            exit = Main.run(arguments, System.out, System.err);
            if ("run".equals(arguments[0])) {
                System.out.println(aws.bodies("StarlingDoveService.PutEvaluations").size()
                        + " PutEvaluations call(s) received by the fake, all in TestMode: "
                        + aws.bodies("StarlingDoveService.PutEvaluations").stream()
                                .allMatch(b -> b.path("TestMode").asBoolean()));
            }
        }
        if (exit != 0) {
            throw new IllegalStateException("the local run ended with exit code " + exit);
        }
    }
}
