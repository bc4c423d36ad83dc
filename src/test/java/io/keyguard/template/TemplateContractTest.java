package io.keyguard.template;

import static io.keyguard.testing.CloudFormationYaml.actionsOf;
import static io.keyguard.testing.CloudFormationYaml.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.keyguard.handler.ConfigRuleHandler;
import io.keyguard.rule.RuleParameters;
import io.keyguard.testing.AwsOperations;
import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml deploys what the code needs: the handler it names, the triggers, and exactly the IAM it calls. */
class TemplateContractTest {

    /** The unqualified function: $LATEST. */
    private static final Object INVOKED_WITHOUT_SNAPSTART = Map.of("Fn::GetAtt", List.of("RuleFunction", "Arn"));
    /** SAM's reference to the alias AutoPublishAlias creates (the ARN of RuleFunctionAliaslive). */
    private static final Object INVOKED_WITH_SNAPSTART = Map.of("Ref", "RuleFunction.Alias");

    private static Map<String, Object> template;

    @BeforeAll
    static void load() {
        template = CloudFormationYaml.load(Path.of("template.yaml"));
    }

    @Test
    void handlerNamedInTheTemplateExistsAndIsAStreamHandler() throws Exception {
        Map<String, Object> function = properties("RuleFunction");
        String[] handler = ((String) function.get("Handler")).split("::");

        Class<?> type = Class.forName(handler[0]);
        // The runtime picks the longest overload of the named method: the stream form, which reads the event
        // without the runtime's own serialization stack.
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type));
        assertEquals(handler[1], type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class)
                .getName());
        assertEquals(ConfigRuleHandler.class.getName(), handler[0]);
        assertEquals("java21", function.get("Runtime"));
        assertEquals("AWS::Serverless::Function", resource("RuleFunction").get("Type"));
    }

    @Test
    void iamActionsGrantedEqualTheOperationsTheCodeCalls() throws Exception {
        Set<String> called;
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))) {
            RuleFunction handler = new RuleFunction(aws.clients());
            try (Stream<Path> events = Files.list(TestEvents.EVENTS)) {
                for (Path event : events.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    handler.handleRequest(TestEvents.load(event.getFileName().toString()), null);
                }
            }
            // The parameters that make the rule read rotation and tags.
            handler.handleRequest(TestEvents.scheduled(
                    "{\"requireKeyRotation\":\"true\",\"exemptionTagKey\":\"compliance-exempt\"}"), null);
            called = AwsOperations.iamActions(aws.targetsCalled());
        }

        assertEquals(Set.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListEndpointConfigs", "sagemaker:ListTags",
                "config:PutEvaluations", "config:GetComplianceDetailsByConfigRule", "kms:DescribeKey",
                "kms:GetKeyRotationStatus"), called, "every operation the code can call was exercised");
        assertEquals(called, grantedActions());
    }

    @Test
    void actionsWithResourceLevelPermissionsAreScoped() {
        for (String action : List.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListTags")) {
            assertEquals(Map.of("Fn::Sub",
                    "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/*"),
                    statementGranting(action).get("Resource"), action);
        }
        for (String action : List.of("kms:DescribeKey", "kms:GetKeyRotationStatus")) {
            assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:kms:*:*:key/*"),
                    statementGranting(action).get("Resource"), action);
        }
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:config:${AWS::Region}:${AWS::AccountId}:config-rule/*"),
                statementGranting("config:GetComplianceDetailsByConfigRule").get("Resource"));
    }

    /** Only actions IAM cannot scope to a resource (no resource type in the Service Authorization Reference). */
    @Test
    void onlyActionsWithoutResourceLevelPermissionsAreGrantedOnEveryResource() {
        Set<String> onEverything = new TreeSet<>();
        for (Map<String, Object> statement : statements()) {
            if ("*".equals(statement.get("Resource"))) {
                onEverything.addAll(actionsOf(statement));
            }
        }
        assertEquals(Set.of("sagemaker:ListEndpointConfigs", "config:PutEvaluations"), onEverything);
    }

    @Test
    void bothChangeMessageTypesAndTheScheduleAreWired() {
        Map<String, Object> rule = properties("ConfigRule");
        Map<String, Object> source = map(rule.get("Source"));
        assertEquals("CUSTOM_LAMBDA", source.get("Owner"));
        assertEquals(INVOKED_WITHOUT_SNAPSTART, inMode(source.get("SourceIdentifier"), false));
        Set<String> messageTypes = new TreeSet<>();
        for (Object detail : (List<?>) source.get("SourceDetails")) {
            assertEquals("aws.config", map(detail).get("EventSource"));
            messageTypes.add((String) map(detail).get("MessageType"));
            if ("ScheduledNotification".equals(map(detail).get("MessageType"))) {
                assertEquals(Map.of("Ref", "MaximumExecutionFrequency"), map(detail).get("MaximumExecutionFrequency"));
            }
        }
        assertEquals(Set.of("ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification",
                "ScheduledNotification"), messageTypes);
        assertEquals(List.of("AWS::SageMaker::EndpointConfig"),
                map(rule.get("Scope")).get("ComplianceResourceTypes"));
        assertEquals("ConfigInvokePermission", resource("ConfigRule").get("DependsOn"));
    }

    @Test
    void everyRuleParameterIsWiredFromATemplateParameterAndOmittedWhenEmpty() {
        Map<String, Object> inputs = map(properties("ConfigRule").get("InputParameters"));
        assertEquals(Set.copyOf(RuleParameters.NAMES), inputs.keySet());
        for (String name : RuleParameters.NAMES) {
            String templateParameter = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            assertEquals(Map.of("Fn::If", List.of("Has" + templateParameter, Map.of("Ref", templateParameter),
                    Map.of("Ref", "AWS::NoValue"))), inputs.get(name), name);
            assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals",
                    List.of(Map.of("Ref", templateParameter), "")))),
                    map(template.get("Conditions")).get("Has" + templateParameter), name);
            assertEquals("", map(map(template.get("Parameters")).get(templateParameter)).get("Default"), name);
        }
    }

    @Test
    void onlyConfigInThisAccountMayInvokeTheFunction() {
        Map<String, Object> permission = properties("ConfigInvokePermission");
        assertEquals("config.amazonaws.com", permission.get("Principal"));
        assertEquals("lambda:InvokeFunction", permission.get("Action"));
        assertEquals(Map.of("Ref", "AWS::AccountId"), permission.get("SourceAccount"));
        assertEquals(INVOKED_WITHOUT_SNAPSTART, inMode(permission.get("FunctionName"), false));
    }

    @Test
    void snapStartIsOffByDefaultAndSnapshotsPublishedVersionsWhenOn() {
        Map<String, Object> parameter = map(map(template.get("Parameters")).get("EnableSnapStart"));
        assertEquals("false", parameter.get("Default"));
        assertEquals(List.of("true", "false"), parameter.get("AllowedValues"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "EnableSnapStart"), "true")),
                map(template.get("Conditions")).get("SnapStartEnabled"));

        Map<String, Object> function = properties("RuleFunction");
        // SAM rejects Fn::If in AutoPublishAlias, so the alias is always published; SnapStart is what switches.
        assertEquals("live", function.get("AutoPublishAlias"));
        Object applyOn = map(function.get("SnapStart")).get("ApplyOn");
        assertEquals("None", inMode(applyOn, false));
        assertEquals("PublishedVersions", inMode(applyOn, true));
    }

    @Test
    void withSnapStartTheRuleAndThePermissionUseTheAliasOfTheSnapshottedVersion() {
        Object sourceIdentifier = map(properties("ConfigRule").get("Source")).get("SourceIdentifier");
        Object permitted = properties("ConfigInvokePermission").get("FunctionName");

        assertEquals(INVOKED_WITH_SNAPSTART, inMode(sourceIdentifier, true));
        assertEquals(INVOKED_WITH_SNAPSTART, inMode(permitted, true));
        assertEquals(INVOKED_WITHOUT_SNAPSTART, inMode(sourceIdentifier, false));
        assertEquals(INVOKED_WITHOUT_SNAPSTART, inMode(permitted, false));
        assertEquals(sourceIdentifier, map(map(template.get("Outputs")).get("RuleInvokedArn")).get("Value"));
    }

    /** The branch of {@code Fn::If [SnapStartEnabled, on, off]} that applies; anything else is unconditional. */
    private static Object inMode(Object value, boolean snapStart) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Fn::If")) {
            List<?> branches = (List<?>) intrinsic.get("Fn::If");
            assertEquals("SnapStartEnabled", branches.get(0));
            return snapStart ? branches.get(1) : branches.get(2);
        }
        throw new AssertionError("expected Fn::If on SnapStartEnabled, found " + value);
    }

    @Test
    void logsGoToAGroupWithRetention() {
        assertEquals(Map.of("Ref", "RuleLogGroup"), map(properties("RuleFunction").get("LoggingConfig")).get("LogGroup"));
        assertEquals(Map.of("Ref", "LogRetentionInDays"), properties("RuleLogGroup").get("RetentionInDays"));
    }

    /**
     * Every function is built by the Makefile target sam build runs for it, and that target packages the one
     * stored jar as lib/ (what the cold-start benchmark measures); no function falls back to SAM's own Maven
     * build, which would package a folder of deflated dependency jars instead.
     */
    @Test
    void everyFunctionIsBuiltByItsMakefileTarget() throws Exception {
        String makefile = Files.readString(Path.of("Makefile"));
        List<String> functions = map(template.get("Resources")).entrySet().stream()
                .filter(e -> "AWS::Serverless::Function".equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey).sorted().toList();

        assertEquals(List.of("RemediationFunction", "RuleFunction"), functions);
        for (String function : functions) {
            assertEquals(Map.of("BuildMethod", "makefile"), resource(function).get("Metadata"), function);
            assertEquals(".", properties(function).get("CodeUri"), function);
            String target = "^(?![#\\t]).*\\bbuild-" + function + "\\b.*:.*";
            assertTrue(makefile.lines().anyMatch(line -> line.matches(target)),
                    "the Makefile has a build-" + function + " target");
        }
        assertTrue(makefile.contains("cp target/keyguard-rule.jar \"$(ARTIFACTS_DIR)/lib/\""), makefile);
    }

    private static Set<String> grantedActions() {
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements()) {
            assertEquals("Allow", statement.get("Effect"));
            actions.addAll(actionsOf(statement));
        }
        return actions;
    }

    private static Map<String, Object> statementGranting(String action) {
        return statements().stream().filter(statement -> actionsOf(statement).contains(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement grants " + action));
    }

    private static List<Map<String, Object>> statements() {
        return CloudFormationYaml.policyStatements(template, "RuleFunction");
    }

    private static Map<String, Object> resource(String logicalId) {
        return CloudFormationYaml.resource(template, logicalId);
    }

    private static Map<String, Object> properties(String logicalId) {
        return CloudFormationYaml.properties(template, logicalId);
    }
}
