package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.remediation.CopyNames;
import io.keyguard.testing.FakeAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line over the bundled events, with the SDK pointed at the fake through aws.endpointUrl. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeAws aws;

    @BeforeEach
    void start() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        System.setProperty("aws.region", FakeAws.REGION);
        System.setProperty("aws.accessKeyId", FakeAws.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", "secret");
    }

    @AfterEach
    void stop() {
        aws.close();
        for (String property : new String[] {"aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey"}) {
            System.clearProperty(property);
        }
    }

    @Test
    void runsEveryEventInTheDirectoryAndPrintsEachEvaluation() {
        int exit = run("run", "events");

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("events/change-noncompliant.json\n  NON_COMPLIANT   "
                + FakeAws.arnOf("churn-model-v3") + "\n                  No KmsKeyId"), report);
        assertEquals(11, report.lines().filter(l -> l.matches("  (COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE) .*")).count());
        assertEquals(11, aws.evaluationsPut().size(), "what is printed is what was put");
        assertTrue(aws.bodies("StarlingDoveService.PutEvaluations").stream().allMatch(b -> b.path("TestMode").asBoolean()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("\"message\":\"evaluation reported\""),
                "JSON log lines go to stderr, away from the report");
    }

    @Test
    void aFailedInvocationIsPrintedAndSetsTheExitCode() {
        aws.failNext("SageMaker.DescribeEndpointConfig", 5, 400, "AccessDeniedException", "not authorized");

        int exit = run("run", "events/change-compliant.json");

        assertEquals(1, exit);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FAILED          " + FakeAws.arnOf("fraud-scoring-cmk")
                + " (sagemaker:DescribeEndpointConfig: AccessDeniedException"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertEquals(2, run("run", "events/nope.json"));
        assertEquals("error: no such event file or directory: events/nope.json\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutArgumentsItPrintsUsage() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: run EVENT_FILE|DIRECTORY..."));
    }

    // ---- remediate, on the fake account's endpoints --------------------------------------------------

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String COPY = CopyNames.of("churn-model-v3", KEY);

    @Test
    void remediateWithoutApplyPrintsThePlanAndChangesNothing() {
        int exit = run("remediate", "--config", "churn-model-v3", "--key", "alias/ml-storage");

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.startsWith("churn-model-v3 -> " + COPY + "   (dry run)\n  PLANNED       CreateEndpointConfig  "
                + COPY + "\n"), report);
        assertTrue(report.contains("  PLANNED       UpdateEndpoint        churn-api\n"), report);
        assertTrue(report.contains("  PLANNED       UpdateEndpoint        churn-batch-scoring\n"), report);
        assertTrue(report.contains("\nPLANNED: Dry run, nothing changed:"), report);
        assertTrue(aws.bodies("SageMaker.CreateEndpointConfig").isEmpty());
        assertTrue(aws.bodies("SageMaker.UpdateEndpoint").isEmpty());
    }

    @Test
    void remediateWithApplyMovesTheEndpoints() {
        int exit = run("remediate", "--config", FakeAws.arnOf("churn-model-v3"), "--key", KEY, "--apply");

        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        assertEquals(COPY, aws.bodies("SageMaker.CreateEndpointConfig").get(0).path("EndpointConfigName").asText());
        assertEquals(List.of("churn-api", "churn-batch-scoring"), aws.bodies("SageMaker.UpdateEndpoint").stream()
                .map(b -> b.path("EndpointName").asText()).toList());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\nIN_PROGRESS: Endpoints are moving to " + COPY));
    }

    @Test
    void aRemediationRefusalSetsTheExitCode() {
        int exit = run("remediate", "--config", "llm-chat-multivariant", "--key", KEY, "--apply");

        assertEquals(1, exit);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("REFUSED: Variant(s) primary (ml.g5.2xlarge), canary"
                + " (ml.g5.2xlarge) run on instance types with local NVMe storage"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void remediateWithoutItsOptionsIsAUsageError() {
        assertEquals(2, run("remediate", "--config", "churn-model-v3"));
        assertEquals("error: --config and --key are required\n" + RemediateCommand.USAGE + "\n",
                err.toString(StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
