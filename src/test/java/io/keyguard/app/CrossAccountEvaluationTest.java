package io.keyguard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.aws.ExecutionRoleException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FakeAws.SigningScope;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointParams;
import software.amazon.awssdk.services.sts.endpoints.StsEndpointProvider;

/**
 * An organization rule: the function lives in {@link FakeAws#ACCOUNT} and is invoked for a member account.
 * The real SDK clients talk HTTP to the fake; the tests assert the STS requests and which credentials signed
 * every SageMaker, KMS and Config request.
 */
class CrossAccountEvaluationTest {

    private static final String MEMBER = "222233334444";
    private static final String OTHER_MEMBER = "555566667777";
    private static final String MEMBER_ROLE = "arn:aws:iam::" + MEMBER + ":role/keyguard-member";
    private static final String OTHER_MEMBER_ROLE = "arn:aws:iam::" + OTHER_MEMBER + ":role/keyguard-member";
    private static final String MEMBER_KEY_ID = "ASIAMEMBERFAKE000001";
    private static final String OTHER_MEMBER_KEY_ID = "ASIAMEMBERFAKE000002";
    private static final String ROLE_PARAMETER = "{\"ExecutionRoleName\":\"keyguard-member\"}";
    private static final FixedTimeContext FUNCTION = new FixedTimeContext(900_000, FakeAws.FUNCTION_ARN);

    private FakeAws aws;
    private RuleFunction handler;

    @BeforeEach
    void start() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))
                .withAssumableRole(MEMBER_ROLE, MEMBER_KEY_ID)
                .withAssumableRole(OTHER_MEMBER_ROLE, OTHER_MEMBER_KEY_ID);
        handler = new RuleFunction(aws.clients());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void memberAccountIsEvaluatedWithTheAssumedRolesCredentials() {
        handler.handleRequest(forAccount(TestEvents.scheduled(ROLE_PARAMETER), MEMBER), FUNCTION);

        List<Map<String, String>> sts = aws.stsRequests();
        assertEquals(1, sts.size(), sts.toString());
        assertEquals("AssumeRole", sts.get(0).get("Action"));
        assertEquals("2011-06-15", sts.get(0).get("Version"));
        assertEquals(MEMBER_ROLE, sts.get(0).get("RoleArn"));
        assertEquals("keyguard-config-rule", sts.get(0).get("RoleSessionName"));
        assertEquals("3600", sts.get(0).get("DurationSeconds"));
        assertEquals(List.of(new SigningScope(FakeAws.ACCESS_KEY_ID, FakeAws.REGION, "sts")),
                aws.signingOf("STS.AssumeRole"), "the function's own credentials ask for the member role");

        assertEquals(Set.of("SageMaker.ListEndpointConfigs", "SageMaker.DescribeEndpointConfig",
                "TrentService.DescribeKey", "StarlingDoveService.GetComplianceDetailsByConfigRule",
                "StarlingDoveService.PutEvaluations"), memberOperations());
        for (String operation : memberOperations()) {
            for (SigningScope signing : aws.signingOf(operation)) {
                assertEquals(MEMBER_KEY_ID, signing.accessKeyId(), operation + " must be signed as the member role");
                assertEquals(FakeAws.REGION, signing.region(), operation + " stays in the rule's region");
            }
        }
        assertFalse(aws.evaluationsPut().isEmpty());
    }

    @Test
    void memberCredentialsAreCachedPerAccountAcrossInvocations() {
        handler.handleRequest(forAccount(TestEvents.scheduled(ROLE_PARAMETER), MEMBER), FUNCTION);
        handler.handleRequest(forAccount(TestEvents.scheduled(ROLE_PARAMETER), OTHER_MEMBER), FUNCTION);
        aws.resetRequests();

        handler.handleRequest(forAccount(withParameters(TestEvents.load("change-compliant.json"), ROLE_PARAMETER),
                MEMBER), FUNCTION);
        handler.handleRequest(forAccount(TestEvents.scheduled(ROLE_PARAMETER), OTHER_MEMBER), FUNCTION);

        assertEquals(List.of(), aws.stsRequests(), "each account's session is reused while it lasts");
        assertEquals(List.of(MEMBER_KEY_ID, OTHER_MEMBER_KEY_ID), aws.signingOf("StarlingDoveService.PutEvaluations")
                .stream().map(SigningScope::accessKeyId).toList());
        assertTrue(aws.signingOf("SageMaker.ListEndpointConfigs").stream()
                .allMatch(s -> OTHER_MEMBER_KEY_ID.equals(s.accessKeyId())));
    }

    @Test
    void theFunctionsOwnAccountAssumesNoRole() {
        handler.handleRequest(forAccount(TestEvents.scheduled(ROLE_PARAMETER), FakeAws.ACCOUNT), FUNCTION);

        assertEquals(List.of(), aws.stsRequests());
        for (String operation : memberOperations()) {
            assertTrue(aws.signingOf(operation).stream().allMatch(s -> FakeAws.ACCESS_KEY_ID.equals(s.accessKeyId())),
                    operation);
        }
    }

    @Test
    void outsideLambdaTheFunctionsAccountIsAskedOfStsOnce() {
        handler.evaluateAndReport(forAccount(TestEvents.scheduled(ROLE_PARAMETER), FakeAws.ACCOUNT));
        handler.evaluateAndReport(forAccount(TestEvents.scheduled(ROLE_PARAMETER), FakeAws.ACCOUNT));

        assertEquals(List.of("GetCallerIdentity"), aws.stsRequests().stream().map(r -> r.get("Action")).toList());
        assertTrue(aws.signingOf("SageMaker.ListEndpointConfigs").stream()
                .allMatch(s -> FakeAws.ACCESS_KEY_ID.equals(s.accessKeyId())));
    }

    @Test
    void executionRoleRegionChoosesTheStsRegionNotTheRegionOfTheCalls() {
        handler.handleRequest(forAccount(TestEvents.scheduled(
                "{\"ExecutionRoleName\":\"keyguard-member\",\"ExecutionRoleRegion\":\"eu-west-1\"}"), MEMBER), FUNCTION);

        assertEquals(List.of(new SigningScope(FakeAws.ACCESS_KEY_ID, "eu-west-1", "sts")),
                aws.signingOf("STS.AssumeRole"));
        assertTrue(aws.signingOf("StarlingDoveService.PutEvaluations").stream()
                .allMatch(s -> s.equals(new SigningScope(MEMBER_KEY_ID, FakeAws.REGION, "config"))));
    }

    @Test
    void stsIsCalledAtItsRegionalEndpoint() {
        for (Region region : List.of(Region.US_EAST_1, Region.EU_WEST_1, Region.AP_SOUTHEAST_2)) {
            String url = StsEndpointProvider.defaultProvider()
                    .resolveEndpoint(StsEndpointParams.builder().region(region).build()).join().url().toString();
            assertEquals("https://sts." + region.id() + ".amazonaws.com", url);
        }
    }

    @Test
    void anUntrustedOrMissingRoleFailsNamingTheRoleAndTheTrustItNeeds() {
        String event = "{\"ExecutionRoleName\":\"audit/not-deployed\"}";

        ExecutionRoleException e = assertThrows(ExecutionRoleException.class,
                () -> handler.handleRequest(forAccount(TestEvents.scheduled(event), MEMBER), FUNCTION));

        assertTrue(e.getMessage().startsWith("Cannot evaluate account " + MEMBER + ": STS refused to let this function"
                + " assume arn:aws:iam::" + MEMBER + ":role/audit/not-deployed (rule parameter ExecutionRoleName):"
                + " AccessDenied (HTTP 403): User: " + FakeAws.FUNCTION_SESSION_ARN), e.getMessage());
        assertTrue(e.getMessage().contains("a trust policy allowing sts:AssumeRole by the rule function's role "
                + FakeAws.FUNCTION_ROLE_ARN + " (deploy/member-role.yaml"), e.getMessage());
        assertEquals(Set.of("STS.AssumeRole", "STS.GetCallerIdentity"), aws.targetsCalled(),
                "nothing is read or reported without the member's credentials");
    }

    @Test
    void anotherAccountWithoutAnExecutionRoleFailsBeforeAnyCall() {
        ExecutionRoleException e = assertThrows(ExecutionRoleException.class,
                () -> handler.handleRequest(forAccount(TestEvents.scheduled("{}"), MEMBER), FUNCTION));

        assertEquals("The event is for account " + MEMBER + ", but this function runs in account " + FakeAws.ACCOUNT
                + " and rule parameter ExecutionRoleName is not set, so it has no credentials for that account. Set"
                + " ExecutionRoleName to a role in each member account that this function's role may assume"
                + " (deploy/member-role.yaml creates one).", e.getMessage());
        assertEquals(Set.of(), aws.targetsCalled());
    }

    private Set<String> memberOperations() {
        Set<String> operations = new TreeSet<>(aws.targetsCalled());
        operations.removeIf(o -> o.startsWith("STS."));
        return operations;
    }

    private static ConfigEvent forAccount(ConfigEvent event, String accountId) {
        event.setAccountId(accountId);
        return event;
    }

    private static ConfigEvent withParameters(ConfigEvent event, String ruleParameters) {
        event.setRuleParameters(ruleParameters);
        return event;
    }
}
