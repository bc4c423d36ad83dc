package io.keyguard.template;

import static io.keyguard.testing.CloudFormationYaml.actionsOf;
import static io.keyguard.testing.CloudFormationYaml.map;
import static io.keyguard.testing.CloudFormationYaml.properties;
import static io.keyguard.testing.CloudFormationYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.aws.TargetAccount;
import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.ConfigRuleInvocation;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.testing.AwsOperations;
import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.ResolvedTemplate;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates under deploy/ deploy what the code needs, checked like template.yaml: resource types, trigger
 * types, the parameters they send are the ones the rule accepts, and the member role grants exactly what the
 * code calls with its credentials.
 */
class DeployTemplatesContractTest {

    private static final Map<String, Object> SAM = CloudFormationYaml.load(Path.of("template.yaml"));
    private static final Map<String, Object> MEMBER_ROLE = CloudFormationYaml.load(Path.of("deploy/member-role.yaml"));
    private static final Map<String, Object> ORGANIZATION =
            CloudFormationYaml.load(Path.of("deploy/organization-rule.yaml"));
    private static final Map<String, Object> PACK = CloudFormationYaml.load(Path.of("deploy/conformance-pack.yaml"));
    private static final String MEMBER = "222233334444";
    private static final String MEMBER_KEY_ID = "ASIAMEMBERFAKE000009";
    private static final Set<String> MESSAGE_TYPES = Set.of("ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification", "ScheduledNotification");
    private static final Map<String, String> ORGANIZATION_STACK = Map.of(
            "RuleFunctionArn", "arn:aws:lambda:us-east-1:" + FakeAws.ACCOUNT + ":function:keyguard-RuleFunction",
            "RuleFunctionRoleName", "keyguard-RuleFunctionRole", "OrganizationId", "o-a1b2c3d4e5");
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- member role -------------------------------------------------------------------------------

    @Test
    void memberRoleTrustsOnlyTheRuleFunctionsRole() {
        assertEquals("AWS::IAM::Role", resource(MEMBER_ROLE, "MemberRole").get("Type"));
        List<?> trust = (List<?>) map(properties(MEMBER_ROLE, "MemberRole").get("AssumeRolePolicyDocument"))
                .get("Statement");
        assertEquals(List.of(Map.of("Sid", "RuleFunctionOnly", "Effect", "Allow",
                "Principal", Map.of("AWS", Map.of("Ref", "RuleFunctionRoleArn")), "Action", "sts:AssumeRole")), trust);
        assertEquals(3600, properties(MEMBER_ROLE, "MemberRole").get("MaxSessionDuration"),
                "the session length the rule asks for");
        assertEquals(map(map(MEMBER_ROLE.get("Parameters")).get("RoleName")).get("Default"),
                map(map(ORGANIZATION.get("Parameters")).get("MemberRoleName")).get("Default"),
                "the organization rule assumes the role the member template creates by default");
    }

    @Test
    void memberRoleGrantsExactlyWhatTheCodeCallsWithItsCredentials() throws Exception {
        Map<String, String> stack = new HashMap<>(ORGANIZATION_STACK);
        stack.put("RequireKeyRotation", "true");
        stack.put("ExemptionTagKey", "compliance-exempt");
        String inputParameters = (String) organizationRuleMetadata(stack).get("InputParameters");
        String memberRole = "arn:aws:iam::" + MEMBER + ":role/"
                + map(map(MEMBER_ROLE.get("Parameters")).get("RoleName")).get("Default");
        Set<String> calledAsMember = new TreeSet<>();
        List<Map<String, String>> assumed;
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))
                .withAssumableRole(memberRole, MEMBER_KEY_ID)) {
            RuleFunction handler = new RuleFunction(aws.clients());
            try (Stream<Path> events = Files.list(TestEvents.EVENTS)) {
                for (Path file : events.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    ConfigEvent event = TestEvents.load(file.getFileName().toString());
                    event.setAccountId(MEMBER);
                    event.setRuleParameters(inputParameters);
                    handler.handleRequest(event, new FixedTimeContext(900_000, FakeAws.FUNCTION_ARN));
                }
            }
            for (String operation : aws.targetsCalled()) {
                if (aws.signingOf(operation).stream().anyMatch(s -> MEMBER_KEY_ID.equals(s.accessKeyId()))) {
                    calledAsMember.add(operation);
                }
            }
            assumed = aws.stsRequests();
        }

        assertEquals(Set.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListEndpointConfigs", "sagemaker:ListTags",
                "config:PutEvaluations", "config:GetComplianceDetailsByConfigRule", "kms:DescribeKey",
                "kms:GetKeyRotationStatus"), AwsOperations.iamActions(calledAsMember),
                "every operation the code can call was exercised as the member");
        assertEquals(AwsOperations.iamActions(calledAsMember), actionsGranted(MEMBER_ROLE, "MemberRole"));
        assertEquals(actionsGranted(SAM, "RuleFunction"), actionsGranted(MEMBER_ROLE, "MemberRole"),
                "a member account is read exactly as the function's own");
        assertEquals(1, assumed.size(), "one session for every invocation in the account");
        assertEquals(memberRole, assumed.get(0).get("RoleArn"));
    }

    @Test
    void memberRoleScopesWhatHasResourceLevelPermissionsToItsAccount() {
        Map<String, Object> policies = statementsByAction(MEMBER_ROLE, "MemberRole");
        for (String action : List.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListTags")) {
            assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:sagemaker:*:${AWS::AccountId}:endpoint-config/*"),
                    map(policies.get(action)).get("Resource"), action);
        }
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/*"),
                map(policies.get("config:GetComplianceDetailsByConfigRule")).get("Resource"));
    }

    // ---- organization rule -------------------------------------------------------------------------

    @Test
    void organizationRuleIsACustomLambdaRuleOnEveryTriggerForEndpointConfigs() {
        assertEquals("AWS::Config::OrganizationConfigRule", resource(ORGANIZATION, "OrganizationRule").get("Type"));
        Map<String, Object> metadata = map(properties(ORGANIZATION, "OrganizationRule")
                .get("OrganizationCustomRuleMetadata"));
        assertEquals(Map.of("Ref", "RuleFunctionArn"), metadata.get("LambdaFunctionArn"));
        assertEquals(MESSAGE_TYPES, Set.copyOf((List<?>) metadata.get("OrganizationConfigRuleTriggerTypes")));
        assertEquals(MESSAGE_TYPES, samMessageTypes(), "the same triggers as the single-account rule");
        assertEquals(List.of(EndpointConfigRule.RESOURCE_TYPE), metadata.get("ResourceTypesScope"));
        assertEquals(Map.of("Ref", "MaximumExecutionFrequency"), metadata.get("MaximumExecutionFrequency"));
        assertEquals(List.of("OrganizationInvokePermission", "AssumeMemberRolePolicy"),
                resource(ORGANIZATION, "OrganizationRule").get("DependsOn"));
        assertEquals("DeploysOrganizationRule", resource(ORGANIZATION, "OrganizationRule").get("Condition"));
        String functionArn = (String) map(map(ORGANIZATION.get("Parameters")).get("RuleFunctionArn")).get("AllowedPattern");
        for (String invoked : List.of("arn:aws:lambda:us-east-1:123456789012:function:keyguard-RuleFunction-AbC12",
                "arn:aws:lambda:us-east-1:123456789012:function:keyguard-RuleFunction-AbC12:live")) {
            assertTrue(Pattern.matches(functionArn, invoked), invoked + " (RuleInvokedArn, with or without SnapStart)");
        }
        assertFalse(new ResolvedTemplate(ORGANIZATION, Map.of("DeployOrganizationRule", "false", "RuleFunctionArn",
                "x", "RuleFunctionRoleName", "x", "OrganizationId", "o-a1b2c3d4e5")).condition("DeploysOrganizationRule"));
    }

    @Test
    void organizationRuleSendsOnlyParametersTheRuleAccepts() throws Exception {
        String defaults = (String) organizationRuleMetadata(ORGANIZATION_STACK).get("InputParameters");
        assertEquals("{\"ExecutionRoleName\":\"keyguard-sagemaker-cmk-rule\"}", defaults);

        Map<String, String> stack = new HashMap<>(ORGANIZATION_STACK);
        stack.putAll(Map.of("MemberRoleName", "audit-role", "KmsKeyArns",
                "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b",
                "RequireCustomerManagedKey", "false", "RequireEnabledKey", "false", "RequireKeyRotation", "true",
                "CheckDataCaptureKey", "true", "CheckAsyncOutputKey", "true", "ExemptionTagKey", "compliance:exempt",
                "LocalStorageVerdict", "NON_COMPLIANT", "LocalStorageInstanceTypes", "ml.inf2,ml.trn1.2xlarge"));
        stack.put("UnexaminableKeyVerdict", "NOT_APPLICABLE");
        stack.put("CheckCoreDumpKey", "true");
        String every = (String) organizationRuleMetadata(stack).get("InputParameters");

        Map<String, String> sent = JSON.readValue(every, JSON.getTypeFactory()
                .constructMapType(LinkedHashMap.class, String.class, String.class));
        List<String> expected = new ArrayList<>(List.of(ConfigEventReader.EXECUTION_ROLE_NAME));
        expected.addAll(RuleParameters.NAMES);
        assertEquals(expected, List.copyOf(sent.keySet()), "every rule parameter, each wired once");
        RuleParameters parameters = RuleParameters.parse(sent);
        assertTrue(parameters.requireKeyRotation() && parameters.checkDataCaptureKey() && parameters.checkAsyncOutputKey()
                && parameters.checkCoreDumpKey());
        assertFalse(parameters.requireCustomerManagedKey() || parameters.requireEnabledKey());
        assertEquals("compliance:exempt", parameters.exemptionTagKey());
        assertEquals(Compliance.NON_COMPLIANT, parameters.localStorageVerdict());
        assertEquals(Compliance.NOT_APPLICABLE, parameters.unexaminableKeyVerdict());
        assertEquals(Set.of("ml.inf2", "ml.trn1.2xlarge"), parameters.localStorageInstanceTypes());
        assertEquals(new TargetAccount(MEMBER, "audit-role", null), targetOf(every));
    }

    @Test
    void theFunctionMayAssumeTheMemberRoleOnlyInTheOrganization() {
        assertEquals("AWS::IAM::Policy", resource(ORGANIZATION, "AssumeMemberRolePolicy").get("Type"));
        ResolvedTemplate resolved = new ResolvedTemplate(ORGANIZATION, ORGANIZATION_STACK);
        assertEquals(List.of("keyguard-RuleFunctionRole"), resolved.property("AssumeMemberRolePolicy", "Roles"));
        Map<String, Object> statement = map(((List<?>) map(resolved.property("AssumeMemberRolePolicy",
                "PolicyDocument")).get("Statement")).get(0));
        assertEquals("sts:AssumeRole", statement.get("Action"));
        assertEquals(Map.of("StringEquals", Map.of("aws:ResourceOrgID", "o-a1b2c3d4e5")), statement.get("Condition"));
        String granted = (String) statement.get("Resource");
        assertEquals("arn:aws:iam::*:role/keyguard-sagemaker-cmk-rule", granted);

        String codeAssumes = "arn:aws:iam::" + MEMBER + ":role/" + targetOf((String) organizationRuleMetadata(
                ORGANIZATION_STACK).get("InputParameters")).executionRoleName();
        assertTrue(Pattern.matches(granted.replace("*", "\\d{12}"), codeAssumes), codeAssumes + " within " + granted);
    }

    @Test
    void configInMemberAccountsMayInvokeTheFunctionOnlyForConfigRules() {
        assertEquals("AWS::Lambda::Permission", resource(ORGANIZATION, "OrganizationInvokePermission").get("Type"));
        Map<String, Object> permission = properties(ORGANIZATION, "OrganizationInvokePermission");
        assertEquals("config.amazonaws.com", permission.get("Principal"));
        assertEquals("lambda:InvokeFunction", permission.get("Action"));
        assertEquals(Map.of("Ref", "RuleFunctionArn"), permission.get("FunctionName"));
        assertEquals("arn:aws:config:us-east-1:*:config-rule/*", new ResolvedTemplate(ORGANIZATION, ORGANIZATION_STACK)
                .property("OrganizationInvokePermission", "SourceArn"));
        assertNull(permission.get("PrincipalOrgID"), "a service principal carries no aws:PrincipalOrgID");
    }

    @Test
    void theFunctionsStackOutputsWhatTheOtherTemplatesTake() {
        Map<String, Object> outputs = map(SAM.get("Outputs"));
        assertEquals(map(properties(SAM, "ConfigRule").get("Source")).get("SourceIdentifier"),
                map(outputs.get("RuleInvokedArn")).get("Value"), "what the stack's own rule invokes");
        assertEquals(Map.of("Fn::GetAtt", List.of("RuleFunctionRole", "Arn")),
                map(outputs.get("RuleFunctionRoleArn")).get("Value"));
        assertEquals(Map.of("Ref", "RuleFunctionRole"), map(outputs.get("RuleFunctionRoleName")).get("Value"));
    }

    // ---- conformance pack --------------------------------------------------------------------------

    @Test
    void conformancePackHoldsOneCustomLambdaRuleBackedByTheFunctionArnParameter() {
        Map<String, Object> resources = map(PACK.get("Resources"));
        assertEquals(Set.of("SageMakerEndpointConfigCmk"), resources.keySet());
        assertEquals("AWS::Config::ConfigRule", resource(PACK, "SageMakerEndpointConfigCmk").get("Type"));
        Map<String, Object> rule = properties(PACK, "SageMakerEndpointConfigCmk");
        Map<String, Object> source = map(rule.get("Source"));
        assertEquals("CUSTOM_LAMBDA", source.get("Owner"));
        assertEquals(Map.of("Ref", "RuleFunctionArn"), source.get("SourceIdentifier"));
        Set<String> messageTypes = new TreeSet<>();
        for (Object detail : (List<?>) source.get("SourceDetails")) {
            assertEquals("aws.config", map(detail).get("EventSource"));
            messageTypes.add((String) map(detail).get("MessageType"));
        }
        assertEquals(MESSAGE_TYPES, messageTypes);
        assertEquals(List.of(EndpointConfigRule.RESOURCE_TYPE), map(rule.get("Scope")).get("ComplianceResourceTypes"));
        map(PACK.get("Parameters")).forEach((name, declaration) ->
                assertEquals("String", map(declaration).get("Type"), name + ": conformance packs take strings"));
        assertFalse(map(map(PACK.get("Parameters")).get("RuleFunctionArn")).containsKey("Default"),
                "the function ARN must be given");
    }

    @Test
    void conformancePackWiresEveryParameterAndLeavesOutTheEmptyOnes() {
        Map<String, Object> inputs = map(properties(PACK, "SageMakerEndpointConfigCmk").get("InputParameters"));
        List<String> accepted = new ArrayList<>(ConfigEventReader.INVOCATION_PARAMETERS);
        accepted.addAll(RuleParameters.NAMES);
        assertEquals(Set.copyOf(accepted), inputs.keySet());
        for (String name : accepted) {
            String parameter = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertEquals(Map.of("Fn::If", List.of("Has" + parameter, Map.of("Ref", parameter),
                    Map.of("Ref", "AWS::NoValue"))), inputs.get(name), name);
            assertEquals("", map(map(PACK.get("Parameters")).get(parameter)).get("Default"), name);
        }

        Map<String, String> given = Map.of("RuleFunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:f",
                "ExecutionRoleName", "keyguard-sagemaker-cmk-rule", "ExecutionRoleRegion", "eu-west-1",
                "RequireKeyRotation", "true");
        Map<String, Object> sent = map(new ResolvedTemplate(PACK, given)
                .property("SageMakerEndpointConfigCmk", "InputParameters"));
        assertEquals(Map.of("ExecutionRoleName", "keyguard-sagemaker-cmk-rule", "ExecutionRoleRegion", "eu-west-1",
                "requireKeyRotation", "true"), sent);
        assertEquals(new TargetAccount(MEMBER, "keyguard-sagemaker-cmk-rule", "eu-west-1"),
                targetOf(JSON.valueToTree(sent).toString()));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static Map<String, Object> organizationRuleMetadata(Map<String, String> stack) {
        return map(new ResolvedTemplate(ORGANIZATION, stack).property("OrganizationRule",
                "OrganizationCustomRuleMetadata"));
    }

    /** What the rule makes of {@code ruleParameters} in an event for the member account. */
    private static TargetAccount targetOf(String ruleParameters) {
        ConfigEvent event = TestEvents.scheduled(ruleParameters);
        event.setAccountId(MEMBER);
        ConfigRuleInvocation invocation = ConfigEventReader.read(TestEvents.bytes(event));
        RuleParameters.parse(invocation.ruleParameters());
        return invocation.target();
    }

    private static Set<String> samMessageTypes() {
        Set<String> types = new TreeSet<>();
        for (Object detail : (List<?>) map(properties(SAM, "ConfigRule").get("Source")).get("SourceDetails")) {
            types.add((String) map(detail).get("MessageType"));
        }
        return types;
    }

    /** Actions granted by a SAM function's Policies or an IAM role's Policies. */
    private static Set<String> actionsGranted(Map<String, Object> template, String logicalId) {
        return new TreeSet<>(statementsByAction(template, logicalId).keySet());
    }

    private static Map<String, Object> statementsByAction(Map<String, Object> template, String logicalId) {
        Map<String, Object> byAction = new HashMap<>();
        for (Map<String, Object> statement : CloudFormationYaml.policyStatements(template, logicalId)) {
            assertEquals("Allow", statement.get("Effect"));
            for (String action : actionsOf(statement)) {
                byAction.put(action, statement);
            }
        }
        return byAction;
    }
}
