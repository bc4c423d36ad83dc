package io.keyguard.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import io.keyguard.app.EndpointConfigRuleService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.ConcurrentDescriber;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.handler.ConfigRuleHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The rule's Lambda function on clients the test chooses (the fake's), fed the events tests build with the Lambda
 * events library's {@link ConfigEvent}: each goes in as the JSON document Lambda would deliver.
 */
public final class RuleFunction {

    /** No variable set: neither Lambda nor its emulator. */
    public static final LambdaEnvironment OUTSIDE_LAMBDA = new LambdaEnvironment(Map.of());

    private final EndpointConfigRuleService rule;

    public RuleFunction(AwsClients clients) {
        this(clients, ConcurrentDescriber.DEFAULT_CONCURRENCY);
    }

    /** @param describeConcurrency how many configs a periodic run describes at once */
    public RuleFunction(AwsClients clients, int describeConcurrency) {
        this(clients, describeConcurrency, OUTSIDE_LAMBDA);
    }

    /** @param environment the environment variables the function sees (SAM's emulator sets AWS_SAM_LOCAL) */
    public RuleFunction(AwsClients clients, int describeConcurrency, LambdaEnvironment environment) {
        this.rule = new EndpointConfigRuleService(clients, describeConcurrency, environment);
    }

    /** The function's answer to one event, within the time {@code context} says is left (none: no limit). */
    public String handleRequest(ConfigEvent event, Context context) {
        return rule.handle(TestEvents.bytes(event), ConfigRuleHandler.budgetFor(context),
                context == null ? null : context.getInvokedFunctionArn());
    }

    /** The Lambda entry point itself: the event's bytes in, the answer's JSON out. */
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        new ConfigRuleHandler(rule).handleRequest(input, output, context);
    }

    /** Evaluates and reports without a time budget, as the command line does. */
    public EvaluationRun evaluateAndReport(ConfigEvent event) {
        return evaluateAndReport(event, TimeBudget.unlimited());
    }

    /** An event as bytes, for documents the events library cannot express (a number where Config sends a string). */
    public EvaluationRun evaluateAndReport(byte[] event) {
        return rule.evaluateAndReport(ConfigEventReader.read(event), TimeBudget.unlimited(), null);
    }

    public EvaluationRun evaluateAndReport(ConfigEvent event, TimeBudget budget) {
        return rule.evaluateAndReport(ConfigEventReader.read(TestEvents.bytes(event)), budget, null);
    }

    /** As Lambda invokes the rule: within the invocation's time, as the invoked function. */
    public EvaluationRun evaluateAndReport(ConfigEvent event, Context context) {
        return rule.evaluateAndReport(ConfigEventReader.read(TestEvents.bytes(event)),
                ConfigRuleHandler.budgetFor(context), context == null ? null : context.getInvokedFunctionArn());
    }
}
