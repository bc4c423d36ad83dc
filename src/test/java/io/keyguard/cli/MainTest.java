package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.remediation.CopyNames;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.ProjectPom;
import io.keyguard.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;

/**
 * The command line: over the bundled events, with the SDK pointed at the fake through aws.endpointUrl; its help,
 * version, unknown names and exit codes; and, with AWS access or commands the tests hand in, missing AWS settings and
 * failures no command expected.
 */
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

    // ---- help, version, unknown names -----------------------------------------------------------------

    @Test
    void helpInEveryFormPrintsTheOverviewOnStandardOutputAndExitsZero() {
        for (List<String> asked : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("help", "-h"),
                List.of("help", "help"), List.of("help", "version"), List.of("--debug", "--help"))) {
            String help = asked.toString();
            reset();
            assertEquals(0, run(asked.toArray(String[]::new)), help);

            assertEquals("keyguard " + ProjectPom.version() + ": do SageMaker endpoint configs encrypt their storage"
                    + " with a customer-managed KMS key?", firstLine(out()), help);
            assertTrue(out().contains("\ncommands:\n  run        " + RunCommand.SUMMARY + "\n  scan       "
                    + ScanCommand.SUMMARY + "\n  remediate  " + RemediateCommand.SUMMARY + "\n"), out());
            assertTrue(out().contains("\n  --debug     print the stack trace of an unexpected failure\n"), out());
            assertTrue(out().contains("\n  4  nothing to scan (scan)\n  5  AWS is not configured: no region or no"
                    + " credentials (run, remediate)\n  6  unexpected failure"), out());
            assertEquals("", err());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"run, usage: run EVENT_FILE|DIRECTORY...",
                "scan, usage: scan PATH... [--format table|json|sarif] [--output FILE]",
                "remediate, usage: remediate --config NAME|ARN --key KEY [--apply] [--wait] [--delete-original]"})
    void eachCommandsHelpSaysWhatItDoesItsArgumentsAnExampleAndItsExitCodes(String command, String usage) {
        for (String[] asked : List.of(new String[] {"help", command}, new String[] {command, "--help"},
                new String[] {command, "-h"}, new String[] {command, "some/file.json", "--help"})) {
            reset();
            assertEquals(0, run(asked), List.of(asked).toString());

            assertTrue(firstLine(out()).startsWith(usage), out());
            assertTrue(out().contains("\nexample:\n  "), out());
            String example = out().substring(out().indexOf("\nexample:\n  ") + "\nexample:\n  ".length());
            assertTrue(firstLine(example).contains("keyguard " + command + " "), out());
            assertTrue(out().contains("\nexit codes:\n  0  success: "), out());
            assertTrue(out().contains("\n  2  usage error: bad command, option or value\n"), out());
            assertTrue(out().endsWith("\n  6  unexpected failure (a bug, or out of memory); rerun with --debug\n"),
                    out());
            assertEquals("", err());
        }
    }

    @Test
    void scansHelpHasALineForEveryOptionOfItsUsageAndOnlyScansExitCodes() {
        assertEquals(0, run("scan", "--help"));

        for (String option : ScanCommand.USAGE.split("[\\[\\] ]+")) {
            if (option.startsWith("--")) {
                assertTrue(out().lines().anyMatch(line -> line.startsWith("  " + option + " ")), option + ": " + out());
            }
        }
        assertTrue(out().contains("\n  3  a file to scan could not be read\n  4  nothing to scan\n  6  "), out());
        assertFalse(out().contains("AWS is not configured"), "scan needs no AWS: " + out());
    }

    @Test
    void versionPrintsThePomsVersionWhichIsAlsoTheSarifDriversVersion() throws Exception {
        for (String version : List.of("--version", "version")) {
            reset();
            assertEquals(0, run(version));
            assertEquals("keyguard " + ProjectPom.version() + "\n", out());
        }

        reset();
        run("scan", "src/test/resources/iac/seed/compliant-1.yaml", "--format", "sarif");
        JsonNode driver = new ObjectMapper().readTree(out()).path("runs").get(0).path("tool").path("driver");
        assertEquals("keyguard", driver.path("name").asText());
        assertEquals(ProjectPom.version(), driver.path("version").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "scna|error: unknown command 'scna'; did you mean 'scan'? Run 'keyguard --help'.",
        "remediat --config x|error: unknown command 'remediat'; did you mean 'remediate'? Run 'keyguard --help'.",
        "deploy|error: unknown command 'deploy'. Run 'keyguard --help'.",
        "--verison|error: unknown option '--verison'; did you mean '--version'? Run 'keyguard --help'.",
        "help scna|error: unknown command 'scna'; did you mean 'scan'? Run 'keyguard --help'.",
        "run --dbug events|error: unknown option '--dbug'; did you mean '--debug'? Run 'keyguard run --help'.",
        "run|error: no event file or directory to run. Run 'keyguard run --help'.",
        "remediate --confg x --key y|error: unknown option '--confg'; did you mean '--config'? Run 'keyguard remediate"
                + " --help'.",
        "remediate --key y --delete-orignal|error: unknown option '--delete-orignal'; did you mean '--delete-original'?"
                + " Run 'keyguard remediate --help'.",
    })
    void anUnknownCommandOrOptionIsNamedWithTheClosestValidOne(String arguments, String message) {
        assertEquals(2, run(arguments.split(" ")));

        assertEquals(message, firstLine(err()));
        assertEquals("", out());
        assertTrue(aws.requests().isEmpty(), "no AWS call");
    }

    // ---- AWS not configured ----------------------------------------------------------------------------

    private static final String NO_REGION = "error: no AWS region: set AWS_REGION (for example AWS_REGION=eu-west-1),"
            + " or a region in your AWS profile ('aws configure', or AWS_PROFILE=NAME for another profile).";
    private static final String NO_CREDENTIALS = "error: no AWS credentials: set AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or choose a profile with AWS_PROFILE, or run 'aws configure' ('aws sso login' for"
            + " SSO); --debug shows what each source said.";
    private static final String NEITHER = "error: no AWS region and no AWS credentials: set AWS_REGION,"
            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile with both ('aws configure', or"
            + " AWS_PROFILE=NAME for another profile).";

    /**
     * The SDK's own providers, reading a profile file the test writes instead of the machine's environment: an empty
     * one gives neither region nor credentials, one with only a region gives no credentials, and so on.
     */
    private static AwsAccess profileWith(String configFile) {
        ProfileFile profile = ProfileFile.builder().content(configFile).type(ProfileFile.Type.CONFIGURATION).build();
        return new AwsAccess(new AwsRegionProviderChain(new AwsProfileRegionProvider(() -> profile, "default")),
                AwsCredentialsProviderChain.of(ProfileCredentialsProvider.builder().profileFile(profile)
                        .profileName("default").build()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "run events|''|" + "neither",
        "run events|[default]\\nregion = eu-west-1|credentials",
        "run events|[default]\\naws_access_key_id = AKIDEXAMPLE\\naws_secret_access_key = secret|region",
        "remediate --config churn-model-v3 --key alias/ml-storage|[default]\\nregion = eu-west-1|credentials",
    })
    void missingRegionOrCredentialsIsOneLineSayingWhichAndHowToSetItBeforeAnyCall(String arguments, String profile,
                                                                                  String missing) {
        AwsAccess access = profileWith(profile.replace("\\n", "\n"));

        int exit = Main.run(arguments.split(" "), stream(out), stream(err), Main.commands(access));

        assertEquals(5, exit, err());
        String expected = switch (missing) {
            case "neither" -> NEITHER;
            case "region" -> NO_REGION;
            default -> NO_CREDENTIALS;
        };
        assertEquals(expected + "\n", err(), "one line, no stack trace, no provider chain");
        assertTrue(aws.requests().isEmpty(), "found before any call");
    }

    @Test
    void withDebugTheMissingCredentialsLineIsFollowedByWhatEachSourceSaid() {
        int exit = Main.run(new String[] {"--debug", "run", "events"}, stream(out), stream(err),
                Main.commands(profileWith("[default]\nregion = eu-west-1")));

        assertEquals(5, exit);
        assertEquals(NO_CREDENTIALS, firstLine(err()));
        assertTrue(err().contains("Profile file contained no credentials for profile 'default'"), err());
    }

    /**
     * Credentials that resolve when the run starts and are gone by the time the event's account is asked of STS (an
     * event with ExecutionRoleName, outside Lambda): the SDK's failure, wrapped in the rule's own, still says so.
     */
    @Test
    void anSdkFailureDeepInARunThatSaysCredentialsAreMissingIsMappedToo(@TempDir Path folder) throws IOException {
        ConfigEvent event = TestEvents.scheduled("{\"ExecutionRoleName\":\"keyguard-member\"}");
        Path file = Files.write(folder.resolve("member.json"), TestEvents.bytes(event));
        AtomicInteger resolved = new AtomicInteger();
        AwsCredentialsProvider onlyOnce = () -> {
            if (resolved.getAndIncrement() > 0) {
                throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
            }
            return AwsBasicCredentials.create(FakeAws.ACCESS_KEY_ID, "secret");
        };

        int exit = Main.run(new String[] {"run", file.toString()}, stream(out), stream(err),
                Main.commands(new AwsAccess(() -> Region.US_EAST_1, onlyOnce)));

        assertEquals(5, exit, out() + err());
        assertEquals(NO_CREDENTIALS, lastLine(err()), "JSON log lines come first");
    }

    // ---- unexpected failures -----------------------------------------------------------------------------

    /** A command that fails as no command expects to: an error of the JVM's, or a bug's exception. */
    private static Command failing(Throwable failure) {
        return new Command("boom", "fails", "usage: boom", (args, out, err) -> {
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        });
    }

    @Test
    void anOutOfMemoryErrorExitsSixWithOneLineAndAHintNeverOneAsAFindingWould() {
        int exit = Main.run(new String[] {"boom"}, stream(out), stream(err),
                List.of(failing(new OutOfMemoryError("Java heap space"))));

        assertEquals(6, exit);
        assertEquals("error: unexpected failure: out of memory (Java heap space); give Java more with -Xmx. Rerun with"
                + " --debug to print the stack trace.\n", err());
    }

    @Test
    void aBugInACommandExitsSixAndDebugAnywhereAddsTheStackTrace() {
        Command bug = failing(new NullPointerException("Cannot invoke \"String.length()\" because \"name\" is null"));

        assertEquals(6, Main.run(new String[] {"boom"}, stream(out), stream(err), List.of(bug)));
        assertEquals("error: unexpected failure: Cannot invoke \"String.length()\" because \"name\" is null. Rerun with"
                + " --debug to print the stack trace.\n", err());

        reset();
        assertEquals(6, Main.run(new String[] {"boom", "x", "--debug"}, stream(out), stream(err), List.of(bug)));
        assertEquals("error: unexpected failure: Cannot invoke \"String.length()\" because \"name\" is null.",
                firstLine(err()));
        assertTrue(err().contains("java.lang.NullPointerException: Cannot invoke"), err());
        assertTrue(err().contains("\tat io.keyguard.cli.MainTest"), "the stack trace: " + err());
    }

    @Test
    void aFailureInsideARealCommandIsUnexpectedTooNotAFailedInvocation() {
        AwsCredentialsProvider broken = () -> {
            throw new IllegalStateException("credentials cache corrupted");
        };

        int exit = Main.run(new String[] {"run", "events"}, stream(out), stream(err),
                Main.commands(new AwsAccess(() -> Region.US_EAST_1, broken)));

        assertEquals(6, exit);
        assertEquals("error: unexpected failure: credentials cache corrupted. Rerun with --debug to print the stack"
                + " trace.\n", err());
    }

    @Test
    void theExitCodesAreTheDocumentedOnes() throws IOException {
        assertEquals(List.of(0, 1, 1, 2, 3, 4, 5, 6), List.of(Main.OK, Main.NON_COMPLIANT_FOUND,
                Main.INVOCATION_FAILED, Main.USAGE, Main.UNREADABLE_INPUT, Main.NOTHING_TO_SCAN,
                Main.AWS_NOT_CONFIGURED, Main.UNEXPECTED_FAILURE));
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.matches("\\| [0-9] \\|.*")).toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), rows.stream().map(r -> r.substring(2, 3)).toList(),
                "the README's exit-code table has one row per code, and no other table such rows: " + rows);
    }

    private void reset() {
        out.reset();
        err.reset();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
