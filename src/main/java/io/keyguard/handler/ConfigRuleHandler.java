package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.keyguard.app.EndpointConfigRuleService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.TimeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The AWS Config custom rule's Lambda entry point: the event in, the rule's answer (a JSON string) out, within the
 * time Lambda gives the invocation. The stream form, so the rule reads the event itself and Lambda loads no
 * serialization stack of its own.
 */
public final class ConfigRuleHandler implements RequestStreamHandler {

    /**
     * Kept for putting evaluations after the last call of a periodic run: 100 PutEvaluations batches (10,000
     * evaluations) at Config's usual pace, with room for retries.
     */
    static final Duration REPORT_ALLOWANCE = Duration.ofSeconds(15);

    private final EndpointConfigRuleService rule;
    /** Held here because the runtime keeps registered resources only weakly. */
    @SuppressWarnings("unused")
    private final SnapStartPriming priming;

    /** Used by Lambda: clients are built once per container, in the init phase (and primed, with SnapStart). */
    public ConfigRuleHandler() {
        LambdaEnvironment environment = LambdaEnvironment.fromSystem();
        this.rule = EndpointConfigRuleService.fromEnvironment(environment, AwsClients.fromEnvironment(environment));
        this.priming = SnapStartPriming.registerIfSnapStart(environment);
    }

    /** @param rule the rule on clients of the caller's choosing (a local fake, in tests) */
    public ConfigRuleHandler(EndpointConfigRuleService rule) {
        this.rule = rule;
        this.priming = null;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String answer = rule.handle(input.readAllBytes(), budgetFor(context),
                context == null ? null : context.getInvokedFunctionArn());
        JsonWriter json = JsonWriter.create();
        json.writeValue(answer);
        output.write(json.getBytes());
    }

    /**
     * The invocation's budget: what Lambda says is left, keeping one call's worth (the client call timeout) and the
     * report allowance in hand. Without a context (a direct call) there is no limit.
     */
    public static TimeBudget budgetFor(Context context) {
        return context == null ? TimeBudget.unlimited()
                : budgetFor(Duration.ofMillis(context.getRemainingTimeInMillis()));
    }

    /** The budget of an invocation with {@code left} to run (SnapStart priming uses it as a real one would). */
    static TimeBudget budgetFor(Duration left) {
        return TimeBudget.of(left, CallLimits.PRODUCTION.callTimeout(), REPORT_ALLOWANCE, System::nanoTime);
    }
}
