package io.keyguard.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.keyguard.handler.ConfigRuleHandler;
import io.keyguard.rule.RuleParameters;
import io.keyguard.testing.AwsOperations;
import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.TestEvents;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            ConfigRuleHandler handler = new ConfigRuleHandler(aws.clients());
            try (Stream<Path> events = Files.list(TestEvents.EVENTS)) {
                for (Path event : events.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    handler.handleRequest(TestEvents.load(event.getFileName().toString()), null);
                }
            }
            called = AwsOperations.iamActions(aws.targetsCalled());
        }

        assertEquals(Set.of("sagemaker:DescribeEndpointConfig", "sagemaker:ListEndpointConfigs",
                "config:PutEvaluations", "config:GetComplianceDetailsByConfigRule"), called,
                "the bundled events exercise every operation");
        assertEquals(called, grantedActions());
    }

    @Test
    void describeIsScopedToEndpointConfigsOfTheAccount() {
        Map<String, Object> statement = statementGranting("sagemaker:DescribeEndpointConfig");
        assertEquals(Map.of("Fn::Sub",
                "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/*"),
                statement.get("Resource"));
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
    void everyRuleParameterIsWiredAndOmittedWhenEmpty() {
        Map<String, Object> inputs = map(properties("ConfigRule").get("InputParameters"));
        assertEquals(Set.of(RuleParameters.KMS_KEY_ARNS), inputs.keySet());
        assertEquals(Map.of("Fn::If", List.of("HasKmsKeyArns", Map.of("Ref", "KmsKeyArns"),
                Map.of("Ref", "AWS::NoValue"))), inputs.get(RuleParameters.KMS_KEY_ARNS));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "KmsKeyArns"), "")))),
                map(template.get("Conditions")).get("HasKmsKeyArns"));
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

    private static Set<String> grantedActions() {
        Set<String> actions = new TreeSet<>();
        for (Object policy : (List<?>) properties("RuleFunction").get("Policies")) {
            for (Object statement : (List<?>) map(policy).get("Statement")) {
                assertEquals("Allow", map(statement).get("Effect"));
                actions.addAll(actionsOf(map(statement)));
            }
        }
        return actions;
    }

    private static Map<String, Object> statementGranting(String action) {
        for (Object policy : (List<?>) properties("RuleFunction").get("Policies")) {
            for (Object statement : (List<?>) map(policy).get("Statement")) {
                if (actionsOf(map(statement)).contains(action)) {
                    return map(statement);
                }
            }
        }
        throw new AssertionError("no statement grants " + action);
    }

    private static List<String> actionsOf(Map<String, Object> statement) {
        Object action = statement.get("Action");
        List<String> actions = new ArrayList<>();
        if (action instanceof List<?> list) {
            list.forEach(a -> actions.add((String) a));
        } else {
            actions.add((String) action);
        }
        return actions;
    }

    private static Map<String, Object> resource(String logicalId) {
        return map(map(template.get("Resources")).get(logicalId));
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
