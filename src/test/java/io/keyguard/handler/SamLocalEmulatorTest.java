package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.aws.ExecutionRoleException;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.ConcurrentDescriber;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Lambda entry point as SAM's local emulator invokes it (sam local invoke, start-lambda): the context's function
 * ARN names the emulator's fixed account 012345678912, AWS_SAM_LOCAL is true, and the credentials are the user's
 * (here the fake's, account {@value FakeAws#ACCOUNT}, the account the bundled events name).
 */
class SamLocalEmulatorTest {

    private static final String EMULATOR_ARN = "arn:aws:lambda:us-east-1:012345678912:function:RuleFunction";
    private static final FixedTimeContext EMULATOR = new FixedTimeContext(300_000, EMULATOR_ARN);
    /** What SAM sets besides the credentials (research on SAM's env_vars.py: AWS_SAM_LOCAL, the logical id). */
    private static final LambdaEnvironment SAM_LOCAL = new LambdaEnvironment(Map.of("AWS_SAM_LOCAL", "true",
            "AWS_LAMBDA_FUNCTION_NAME", "RuleFunction", "AWS_REGION", FakeAws.REGION, "AWS_ACCOUNT_ID", "123456789012"));
    private static final String PUT = "StarlingDoveService.PutEvaluations";
    private static final String REAL_TOKEN = "eyJjb25maWdSdWxlSWQiOiJjb25maWctcnVsZS1rN3gycHEifQ==";

    private FakeAws aws;

    @BeforeEach
    void start() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    static Stream<Path> bundledEvents() throws IOException {
        try (Stream<Path> files = Files.list(TestEvents.EVENTS)) {
            List<Path> events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertEquals(5, events.size(), "the bundled events: " + events);
            return events.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bundledEvents")
    void everyBundledEventIsEvaluatedInTheCredentialsAccountAndPutInTestMode(Path event) throws IOException {
        try (LogCapture log = new LogCapture(); InputStream input = Files.newInputStream(event)) {
            String answer = invokeAsTheEmulator(input);

            int evaluations = aws.evaluationsPut().size();
            assertTrue(evaluations > 0, "evaluations put");
            assertEquals("\"" + evaluations + " evaluation(s) reported\"", answer);
            assertEveryPutInTestMode();
            assertEquals(List.of(), aws.stsRequests(), "no role assumed, no account asked of STS");
            JsonNode recognised = single(log.lines("SAM local emulator recognised"));
            assertEquals("INFO", recognised.path("level").asText());
            assertEquals(FakeAws.ACCOUNT, recognised.path("eventAccount").asText());
            assertEquals("evaluating in the account of the credentials the function runs with instead of the event's,"
                    + " and putting the evaluations in TestMode, so nothing is recorded in AWS Config",
                    recognised.path("change").asText());
        }
    }

    @Test
    void anEventWithARealResultTokenIsStillPutInTestModeAndNeverWithItsToken() throws IOException {
        ConfigEvent event = TestEvents.load("change-noncompliant.json");
        event.setResultToken(REAL_TOKEN);

        invokeAsTheEmulator(TestEvents.asDelivered(event));

        assertEquals("NON_COMPLIANT", single(aws.evaluationsPut()).path("ComplianceType").asText());
        assertEveryPutInTestMode();
        assertFalse(aws.requests().stream().anyMatch(r -> r.getBodyAsString().contains(REAL_TOKEN)),
                "the event's token is sent nowhere");
    }

    @Test
    void anEventForAMemberAccountWithAnExecutionRoleIsEvaluatedWithTheCredentialsAtHand() throws IOException {
        ConfigEvent event = TestEvents.scheduled("{\"ExecutionRoleName\":\"keyguard-member\"}");
        event.setAccountId("222233334444");
        event.setResultToken(REAL_TOKEN);

        invokeAsTheEmulator(TestEvents.asDelivered(event));

        assertEquals(List.of(), aws.stsRequests(), "no member role assumed from a laptop's profile");
        assertEquals(7, aws.evaluationsPut().size(), "the fake account's six configs and one stale result");
        assertEveryPutInTestMode();
    }

    /**
     * Outside the emulator the same mismatch is refused as before: with no AWS_SAM_LOCAL, and with AWS_SAM_LOCAL set on
     * a function whose ARN is a real one (a deployed function given the variable by mistake).
     */
    @Test
    void outsideTheEmulatorTheAccountMismatchIsStillRefusedBeforeAnyCall() {
        LambdaEnvironment lambda = new LambdaEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", "RuleFunction",
                "AWS_REGION", FakeAws.REGION));
        ExecutionRoleException withoutSamLocal = assertThrows(ExecutionRoleException.class,
                () -> invoke(lambda, EMULATOR, "change-noncompliant.json"));
        assertEquals(refusal("012345678912"), withoutSamLocal.getMessage());

        String deployedArn = "arn:aws:lambda:us-east-1:999988887777:function:keyguard-rule";
        ExecutionRoleException samLocalOnADeployedFunction = assertThrows(ExecutionRoleException.class,
                () -> invoke(SAM_LOCAL, new FixedTimeContext(300_000, deployedArn), "change-noncompliant.json"));
        assertEquals(refusal("999988887777"), samLocalOnADeployedFunction.getMessage());

        assertEquals(List.of(), aws.requests(), "no AWS call");
    }

    private String invokeAsTheEmulator(InputStream event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        function(SAM_LOCAL).handleRequest(event, output, EMULATOR);
        return output.toString(StandardCharsets.UTF_8);
    }

    private void invoke(LambdaEnvironment environment, FixedTimeContext context, String eventFile) throws IOException {
        try (InputStream input = Files.newInputStream(TestEvents.EVENTS.resolve(eventFile))) {
            function(environment).handleRequest(input, new ByteArrayOutputStream(), context);
        }
    }

    private RuleFunction function(LambdaEnvironment environment) {
        return new RuleFunction(aws.clients(), ConcurrentDescriber.DEFAULT_CONCURRENCY, environment);
    }

    private void assertEveryPutInTestMode() {
        List<JsonNode> puts = aws.bodies(PUT);
        assertFalse(puts.isEmpty(), "PutEvaluations was called");
        for (JsonNode put : puts) {
            assertTrue(put.path("TestMode").asBoolean(), put.toString());
            assertEquals("TESTMODE", put.path("ResultToken").asText());
        }
    }

    /** The existing refusal, word for word, for an event about the fake's account. */
    private static String refusal(String functionAccount) {
        return "The event is for account " + FakeAws.ACCOUNT + ", but this function runs in account " + functionAccount
                + " and rule parameter ExecutionRoleName is not set, so it has no credentials for that account. Set"
                + " ExecutionRoleName to a role in each member account that this function's role may assume"
                + " (deploy/member-role.yaml creates one).";
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertEquals(1, nodes.size(), nodes.toString());
        return nodes.get(0);
    }
}
