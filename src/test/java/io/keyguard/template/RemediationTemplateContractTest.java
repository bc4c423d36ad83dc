package io.keyguard.template;

import static io.keyguard.testing.CloudFormationYaml.actionsOf;
import static io.keyguard.testing.CloudFormationYaml.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.app.RemediationService;
import io.keyguard.handler.RemediationHandler;
import io.keyguard.remediation.RemediationRequest;
import io.keyguard.testing.AwsOperations;
import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.SteppingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml deploys what the remediation needs: the SSM document sends exactly the function's input, Config
 * fills every document parameter, and the two roles grant what the function calls and nothing else.
 */
class RemediationTemplateContractTest {

    /** Resources that exist only when RemediationMode is Manual or Automatic. */
    private static final List<String> REMEDIATION_RESOURCES = List.of("RemediationFunction", "RemediationLogGroup",
            "RemediationAutomationRole", "RemediationDocument", "RemediationConfiguration");

    /**
     * Actions AWS authorizes on the function's behalf though it never calls them itself: CreateEndpointConfig with
     * Tags is also authorized as AddTags, UpdateEndpoint makes SageMaker create a grant on the key in the caller's
     * name, and CreateEndpointConfig with ExecutionRoleArn passes that role.
     */
    private static final Set<String> AUTHORIZED_ON_ITS_BEHALF = Set.of("sagemaker:AddTags", "kms:CreateGrant",
            "iam:PassRole");

    private static final String ASSUME_ROLE = "AutomationAssumeRole";

    private static Map<String, Object> template;

    @BeforeAll
    static void load() {
        template = CloudFormationYaml.load(Path.of("template.yaml"));
    }

    @Test
    void theRemediationFunctionIsAStreamHandlerInTheSameArtifact() throws Exception {
        Map<String, Object> function = properties("RemediationFunction");
        String[] handler = ((String) function.get("Handler")).split("::");

        assertEquals(RemediationHandler.class.getName(), handler[0]);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(Class.forName(handler[0])));
        assertEquals("handleRequest", handler[1]);
        assertEquals(properties("RuleFunction").get("CodeUri"), function.get("CodeUri"));
        assertEquals("java21", function.get("Runtime"));
        int stepTimeout = (Integer) mainStep().get("timeoutSeconds");
        assertTrue((Integer) function.get("Timeout") < stepTimeout, "the function ends before the SSM step does");
        assertTrue(stepTimeout <= 300, "aws:invokeLambdaFunction runs at most 300 s");
    }

    @Test
    void theSsmDocumentSendsExactlyTheFunctionsInput() {
        Map<String, Object> content = map(properties("RemediationDocument").get("Content"));
        assertEquals("Automation", properties("RemediationDocument").get("DocumentType"));
        assertEquals("0.3", content.get("schemaVersion"));
        assertEquals("{{ " + ASSUME_ROLE + " }}", content.get("assumeRole"));

        Set<String> expectedParameters = new LinkedHashSet<>(RemediationRequest.FIELDS);
        expectedParameters.add(ASSUME_ROLE);
        assertEquals(expectedParameters, map(content.get("parameters")).keySet());

        Map<String, Object> step = mainStep();
        assertEquals("aws:invokeLambdaFunction", step.get("action"));
        Map<String, Object> inputs = map(step.get("inputs"));
        assertEquals(Map.of("Ref", "RemediationFunction"), inputs.get("FunctionName"));
        Map<String, Object> payload = map(inputs.get("InputPayload"));
        assertEquals(List.copyOf(RemediationRequest.FIELDS), List.copyOf(payload.keySet()));
        payload.forEach((field, value) -> assertEquals("{{ " + field + " }}", value, field));
    }

    @Test
    void whatTheDocumentSendsIsAcceptedByTheFunctionWithTheSameDefaults() {
        Map<String, Object> parameters = map(map(properties("RemediationDocument").get("Content")).get("parameters"));
        ObjectNode payload = new ObjectMapper().createObjectNode();
        for (String field : RemediationRequest.FIELDS) {
            Object defaultValue = map(parameters.get(field)).get("default");
            payload.put(field, defaultValue != null ? (String) defaultValue : "arn:aws:example:" + field);
        }

        RemediationRequest request = RemediationRequest.fromJson(payload);

        assertTrue(request.dryRun(), "a dry run unless told otherwise");
        assertEquals(false, request.waitForInService());
        assertEquals(false, request.deleteOriginal());
        assertEquals(RemediationRequest.fromJson(new ObjectMapper().createObjectNode()
                .put("EndpointConfigId", "x").put("KmsKeyArn", "k")).dryRun(), request.dryRun(),
                "the function's own default matches the document's");
    }

    @Test
    void configFillsEveryDocumentParameterWithTheResourceIdForTheConfig() {
        Map<String, Object> remediation = properties("RemediationConfiguration");
        assertEquals(Map.of("Ref", "ConfigRule"), remediation.get("ConfigRuleName"));
        assertEquals("SSM_DOCUMENT", remediation.get("TargetType"));
        assertEquals(Map.of("Ref", "RemediationDocument"), remediation.get("TargetId"));
        assertEquals("AWS::SageMaker::EndpointConfig", remediation.get("ResourceType"));
        assertEquals(Map.of("Fn::If", List.of("RemediationAutomatic", true, false)), remediation.get("Automatic"));
        assertEquals(Map.of("Ref", "MaximumAutomaticAttempts"), remediation.get("MaximumAutomaticAttempts"));
        assertEquals(Map.of("Ref", "RetryAttemptSeconds"), remediation.get("RetryAttemptSeconds"));

        Map<String, Object> parameters = map(remediation.get("Parameters"));
        assertEquals(map(map(properties("RemediationDocument").get("Content")).get("parameters")).keySet(),
                parameters.keySet());
        assertEquals(Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")),
                parameters.get(RemediationRequest.ENDPOINT_CONFIG_ID));
        assertEquals(Map.of("StaticValue", Map.of("Values", List.of(Map.of("Fn::GetAtt",
                List.of("RemediationAutomationRole", "Arn"))))), parameters.get(ASSUME_ROLE));
        Map<String, String> fromTemplateParameter = Map.of(RemediationRequest.KMS_KEY_ARN, "RemediationKmsKeyArn",
                RemediationRequest.DRY_RUN, "RemediationDryRun",
                RemediationRequest.WAIT_FOR_IN_SERVICE, "RemediationWaitForInService",
                RemediationRequest.DELETE_ORIGINAL, "RemediationDeleteOriginal");
        fromTemplateParameter.forEach((field, templateParameter) -> assertEquals(Map.of("StaticValue",
                Map.of("Values", List.of(Map.of("Ref", templateParameter)))), parameters.get(field), field));
    }

    @Test
    void remediationIsOffByDefaultAndADryRunWhenTurnedOn() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        assertEquals("Off", map(parameters.get("RemediationMode")).get("Default"));
        assertEquals(List.of("Off", "Manual", "Automatic"), map(parameters.get("RemediationMode")).get("AllowedValues"));
        assertEquals("true", map(parameters.get("RemediationDryRun")).get("Default"));
        assertEquals("false", map(parameters.get("RemediationDeleteOriginal")).get("Default"));
        for (String logicalId : REMEDIATION_RESOURCES) {
            assertEquals("RemediationEnabled", resource(logicalId).get("Condition"), logicalId);
        }
        Map<String, Object> rule = map(map(template.get("Rules")).get("RemediationNeedsAKey"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "RemediationKmsKeyArn"),
                "")))), map(((List<?>) rule.get("Assertions")).get(0)).get("Assert"), "no remediation without a key");
    }

    @Test
    void theAutomationRoleMayOnlyInvokeTheRemediationFunction() {
        Map<String, Object> role = properties("RemediationAutomationRole");
        Map<String, Object> trust = map(((List<?>) map(role.get("AssumeRolePolicyDocument")).get("Statement")).get(0));
        assertEquals(Map.of("Service", "ssm.amazonaws.com"), trust.get("Principal"));
        assertEquals(Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))),
                trust.get("Condition"));

        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) role.get("Policies")) {
            ((List<?>) map(map(policy).get("PolicyDocument")).get("Statement")).forEach(s -> statements.add(map(s)));
        }
        assertEquals(1, statements.size());
        assertEquals("lambda:InvokeFunction", statements.get(0).get("Action"));
        assertEquals(Map.of("Fn::GetAtt", List.of("RemediationFunction", "Arn")), statements.get(0).get("Resource"));
    }

    @Test
    void theRemediationRoleGrantsExactlyWhatTheFunctionCalls() {
        Set<String> called;
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))) {
            RemediationService remediation = new RemediationService(aws.clients(),
                    SteppingClock.pacing(Duration.ofSeconds(15)));
            String key = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
            // Copy, move, wait, then delete the original: every operation the function has.
            remediation.remediate(new RemediationRequest(FakeAws.arnOf("churn-model-v3"), key, false, true, true),
                    Duration.ofMinutes(5));
            called = AwsOperations.iamActions(aws.targetsCalled());
        }

        assertEquals(Set.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListTags",
                "sagemaker:CreateEndpointConfig", "sagemaker:DeleteEndpointConfig", "sagemaker:ListEndpoints",
                "sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpoint", "kms:DescribeKey"), called,
                "every operation the remediation can call was exercised");
        Set<String> expected = new TreeSet<>(called);
        expected.addAll(AUTHORIZED_ON_ITS_BEHALF);
        assertEquals(expected, grantedActions());
    }

    @Test
    void actionsAreScopedToTheirResources() {
        String configs = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/*";
        for (String action : List.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListTags",
                "sagemaker:CreateEndpointConfig", "sagemaker:AddTags", "sagemaker:DeleteEndpointConfig")) {
            assertEquals(Map.of("Fn::Sub", configs), statementGranting(action).get("Resource"), action);
        }
        String endpoints = "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/*";
        assertEquals(Map.of("Fn::Sub", endpoints), statementGranting("sagemaker:DescribeEndpoint").get("Resource"));
        assertEquals(List.of(Map.of("Fn::Sub", endpoints), Map.of("Fn::Sub", configs)),
                statementGranting("sagemaker:UpdateEndpoint").get("Resource"),
                "UpdateEndpoint is authorized on the endpoint and on the config it moves to");
        assertEquals("*", statementGranting("sagemaker:ListEndpoints").get("Resource"), "no resource-level permission");
        for (String action : List.of("kms:DescribeKey", "kms:CreateGrant")) {
            assertEquals(Map.of("Ref", "RemediationKmsKeyArn"), statementGranting(action).get("Resource"), action);
        }
        assertEquals(Map.of("Bool", Map.of("kms:GrantIsForAWSResource", "true")),
                statementGranting("kms:CreateGrant").get("Condition"));
        Map<String, Object> passRole = statementGranting("iam:PassRole");
        assertEquals(Map.of("Fn::Split", List.of(",", Map.of("Ref", "RemediationPassableRoleArns"))),
                passRole.get("Resource"));
        assertEquals(Map.of("StringEquals", Map.of("iam:PassedToService", "sagemaker.amazonaws.com")),
                passRole.get("Condition"));
    }

    // ---- test support ----------------------------------------------------------------------------------

    private static Map<String, Object> mainStep() {
        Map<String, Object> content = map(properties("RemediationDocument").get("Content"));
        List<?> steps = (List<?>) content.get("mainSteps");
        assertEquals(1, steps.size());
        return map(steps.get(0));
    }

    /** Every statement of the function's policies, including the one that exists only when roles are passed. */
    private static List<Map<String, Object>> statements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) properties("RemediationFunction").get("Policies")) {
            Map<String, Object> document = map(policy);
            if (document.containsKey("Fn::If")) {
                List<?> branches = (List<?>) document.get("Fn::If");
                assertEquals("RemediationPassesRoles", branches.get(0));
                assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2));
                document = map(branches.get(1));
            }
            for (Object statement : (List<?>) document.get("Statement")) {
                assertEquals("Allow", map(statement).get("Effect"));
                statements.add(map(statement));
            }
        }
        return statements;
    }

    private static Set<String> grantedActions() {
        Set<String> actions = new TreeSet<>();
        statements().forEach(s -> actions.addAll(actionsOf(s)));
        return actions;
    }

    private static Map<String, Object> statementGranting(String action) {
        return statements().stream().filter(s -> actionsOf(s).contains(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement grants " + action));
    }

    private static Map<String, Object> resource(String logicalId) {
        return CloudFormationYaml.resource(template, logicalId);
    }

    private static Map<String, Object> properties(String logicalId) {
        return CloudFormationYaml.properties(template, logicalId);
    }
}
