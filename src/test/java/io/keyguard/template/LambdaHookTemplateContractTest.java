package io.keyguard.template;

import static io.keyguard.testing.CloudFormationYaml.actionsOf;
import static io.keyguard.testing.CloudFormationYaml.map;
import static io.keyguard.testing.FakeAws.keyArnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.app.EndpointConfigHookService;
import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.handler.HookHandler;
import io.keyguard.hook.EndpointConfigHook;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.testing.AwsOperations;
import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.HookRequests;
import io.keyguard.testing.ResolvedTemplate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/lambda-hook.yaml deploys what the hook's code needs: the handler it names, built like the other functions,
 * a function role granting exactly the calls the hook makes, an execution role that lets CloudFormation's hooks
 * invoke that function and nothing else, and every rule parameter of template.yaml wired once.
 */
class LambdaHookTemplateContractTest {

    private static final Map<String, Object> HOOK = CloudFormationYaml.load(Path.of("deploy/lambda-hook.yaml"));
    private static final Map<String, Object> SAM = CloudFormationYaml.load(Path.of("template.yaml"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theHandlerNamedExistsAndTheFunctionIsBuiltAndSizedLikeTheRuleFunction() throws Exception {
        Map<String, Object> function = properties("HookFunction");
        String[] handler = ((String) function.get("Handler")).split("::");

        Class<?> type = Class.forName(handler[0]);
        assertEquals(HookHandler.class, type);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type));
        assertEquals(handler[1], type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class)
                .getName());
        assertEquals("AWS::Serverless::Function", resource("HookFunction").get("Type"));
        Map<String, Object> ruleFunction = CloudFormationYaml.properties(SAM, "RuleFunction");
        for (String property : List.of("Runtime", "Architectures", "MemorySize")) {
            assertEquals(ruleFunction.get(property), function.get(property), property);
        }
        assertEquals(30, function.get("Timeout"), "CloudFormation waits 30 s for a hook");
        assertEquals("..", function.get("CodeUri"), "the project, from deploy/");
        assertEquals(Map.of("BuildMethod", "makefile"), resource("HookFunction").get("Metadata"));
        String makefile = Files.readString(Path.of("Makefile"));
        assertTrue(makefile.lines().anyMatch(line -> line.matches("^(?![#\\t]).*\\bbuild-HookFunction\\b.*:.*")),
                "the Makefile has a build-HookFunction target");
    }

    @Test
    void theFunctionRoleGrantsExactlyTheOperationsTheHookCalls() {
        Set<String> called;
        try (FakeAws aws = new FakeAws().withKey(keyArnOf("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b"), true, "Enabled",
                true, "alias/ml-storage")) {
            // Rotation required: the parameters that make the hook call the most.
            HookHandler handler = new HookHandler(new EndpointConfigHookService(aws.clients(),
                    "{\"requireKeyRotation\":\"true\",\"checkDataCaptureKey\":\"true\"}"));
            for (String key : List.of("alias/ml-storage", "alias/missing")) {
                HookRequests.invoke(handler, HookRequests.bytes(HookRequests.create(
                        HookRequests.endpointConfig(key, "ml.m5.large"))), null);
            }
            called = AwsOperations.iamActions(aws.targetsCalled());
        }

        assertEquals(Set.of("kms:DescribeKey", "kms:GetKeyRotationStatus"), called,
                "every operation the hook can call was exercised");
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> statement : CloudFormationYaml.policyStatements(HOOK, "HookFunction")) {
            assertEquals("Allow", statement.get("Effect"));
            assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:kms:*:*:key/*"), statement.get("Resource"));
            granted.addAll(actionsOf(statement));
        }
        assertEquals(called, granted);
        assertFalse(properties("HookFunction").containsKey("Role"), "SAM's role, with only these statements");
    }

    @Test
    void theExecutionRoleTrustsOnlyCloudFormationHooksAndMayOnlyInvokeTheHookFunction() {
        assertEquals("AWS::IAM::Role", resource("HookExecutionRole").get("Type"));
        Map<String, Object> role = properties("HookExecutionRole");
        List<?> trust = (List<?>) map(role.get("AssumeRolePolicyDocument")).get("Statement");
        assertEquals(List.of(Map.of("Sid", "CloudFormationHooksOnly", "Effect", "Allow",
                "Principal", Map.of("Service", "hooks.cloudformation.amazonaws.com"), "Action", "sts:AssumeRole")),
                trust);
        assertEquals(List.of(Map.of("Sid", "InvokeTheHookFunction", "Effect", "Allow",
                "Action", "lambda:InvokeFunction", "Resource", Map.of("Fn::GetAtt", List.of("HookFunction", "Arn")))),
                CloudFormationYaml.policyStatements(HOOK, "HookExecutionRole"));
        assertFalse(role.containsKey("ManagedPolicyArns"), "no other permission");

        Map<String, Object> hook = properties("EndpointConfigHook");
        assertEquals(Map.of("Fn::GetAtt", List.of("HookExecutionRole", "Arn")), hook.get("ExecutionRole"));
        assertEquals(Map.of("Fn::GetAtt", List.of("HookFunction", "Arn")), hook.get("LambdaFunction"),
                "the hook invokes the function the role may invoke");
    }

    @Test
    void theHookJudgesEndpointConfigsBeforeTheyAreCreatedOrUpdated() {
        assertEquals("AWS::CloudFormation::LambdaHook", resource("EndpointConfigHook").get("Type"));
        Map<String, Object> hook = properties("EndpointConfigHook");
        assertEquals(Map.of("Ref", "HookAlias"), hook.get("Alias"));
        assertEquals("ENABLED", hook.get("HookStatus"));
        assertEquals(List.of("RESOURCE", "CLOUD_CONTROL"), hook.get("TargetOperations"));
        assertEquals(Map.of("TargetNames", List.of(EndpointConfigRule.RESOURCE_TYPE), "Actions",
                List.of("CREATE", "UPDATE"), "InvocationPoints", List.of("PRE_PROVISION")), hook.get("TargetFilters"));

        Map<String, Object> alias = parameter("HookAlias");
        assertEquals(HookRequests.HOOK, alias.get("Default"));
        assertTrue(Pattern.matches((String) alias.get("AllowedPattern"), (String) alias.get("Default")));
    }

    @Test
    void failureModeDefaultsToWarn() {
        Map<String, Object> failureMode = parameter("FailureMode");
        assertEquals("WARN", failureMode.get("Default"));
        assertEquals(List.of("WARN", "FAIL"), failureMode.get("AllowedValues"));
        assertEquals(Map.of("Ref", "FailureMode"), properties("EndpointConfigHook").get("FailureMode"));
    }

    /** Every rule parameter under template.yaml's name, each in RULE_PARAMETERS once; empty is the rule default. */
    @Test
    void everyRuleParameterIsWiredExactlyOnce() throws Exception {
        String wiring = (String) map(environment().get(EndpointConfigHook.RULE_PARAMETERS_VARIABLE)).get("Fn::Sub");
        Map<String, String> wired = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\"(\\w+)\":\"\\$\\{(\\w+)}\"").matcher(wiring);
        while (entry.find()) {
            assertNull(wired.put(entry.group(1), entry.group(2)), entry.group(1) + " wired twice");
        }
        assertEquals(RuleParameters.NAMES, List.copyOf(wired.keySet()));
        for (String name : RuleParameters.NAMES) {
            String templateParameter = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertEquals(templateParameter, wired.get(name));
            assertEquals(1, wiring.split(Pattern.quote("${" + templateParameter + "}"), -1).length - 1, name);
            Map<String, Object> declared = parameter(templateParameter);
            assertEquals("", declared.get("Default"), name);
            assertEquals(map(map(SAM.get("Parameters")).get(templateParameter)).get("AllowedValues"),
                    declared.get("AllowedValues"), name + ": the same choices as template.yaml");
        }

        assertEquals(RuleParameters.defaults(), ruleParameters(Map.of()), "every parameter left empty");
        Map<String, String> stack = new HashMap<>(Map.of("KmsKeyArns",
                "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b",
                "RequireCustomerManagedKey", "false", "RequireEnabledKey", "false", "RequireKeyRotation", "true",
                "CheckDataCaptureKey", "true", "CheckAsyncOutputKey", "true", "CheckCoreDumpKey", "true",
                "ExemptionTagKey", "compliance:exempt", "LocalStorageVerdict", "NON_COMPLIANT",
                "LocalStorageInstanceTypes", "ml.inf2,ml.trn1.2xlarge"));
        stack.put("UnexaminableKeyVerdict", "NOT_APPLICABLE");
        RuleParameters every = ruleParameters(stack);
        assertEquals(new RuleParameters(Set.of(stack.get("KmsKeyArns")), false, false, true, true, true, true,
                "compliance:exempt", Compliance.NON_COMPLIANT, Set.of("ml.inf2", "ml.trn1.2xlarge"),
                Compliance.NOT_APPLICABLE), every);
    }

    @Test
    void logsGoToAGroupWithRetention() {
        assertEquals(Map.of("Ref", "HookLogGroup"), map(properties("HookFunction").get("LoggingConfig"))
                .get("LogGroup"));
        assertEquals(Map.of("Ref", "LogRetentionInDays"), properties("HookLogGroup").get("RetentionInDays"));
        assertEquals("AWS::Logs::LogGroup", resource("HookLogGroup").get("Type"));
    }

    /** What the function reads from RULE_PARAMETERS when the stack is given {@code stack}, as the hook parses it. */
    private static RuleParameters ruleParameters(Map<String, String> stack) throws Exception {
        Map<String, Object> variables = map(new ResolvedTemplate(HOOK, stack).property("HookFunction", "Environment"));
        String json = (String) map(variables.get("Variables")).get(EndpointConfigHook.RULE_PARAMETERS_VARIABLE);
        assertEquals(RuleParameters.NAMES, List.copyOf(JSON.readTree(json).properties().stream()
                .map(Map.Entry::getKey).toList()), "valid JSON naming every parameter once: " + json);
        return RuleParameters.parse(ConfigEventReader.parseRuleParameters(json));
    }

    private static Map<String, Object> environment() {
        return map(map(properties("HookFunction").get("Environment")).get("Variables"));
    }

    private static Map<String, Object> parameter(String name) {
        return map(map(HOOK.get("Parameters")).get(name));
    }

    private static Map<String, Object> resource(String logicalId) {
        return CloudFormationYaml.resource(HOOK, logicalId);
    }

    private static Map<String, Object> properties(String logicalId) {
        return CloudFormationYaml.properties(HOOK, logicalId);
    }
}
