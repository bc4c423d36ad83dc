package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.keyguard.app.EndpointConfigHookService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.TimeBudget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The CloudFormation Lambda hook's entry point: the hook's request in, its answer (hookStatus, errorCode, message,
 * clientRequestToken) out, within the 30 seconds CloudFormation waits.
 */
public final class HookHandler implements RequestStreamHandler {

    /** How long CloudFormation waits for a hook's answer, whatever the function's own timeout. */
    static final Duration HOOK_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Kept back from the last call to log and answer, and for a cold start, which CloudFormation's 30 seconds
     * include and the time Lambda says is left does not.
     */
    static final Duration ANSWER_ALLOWANCE = Duration.ofSeconds(3);

    private final EndpointConfigHookService hook;

    /** Used by Lambda: the KMS client is built once per container, in the init phase, with the hook's limits. */
    public HookHandler() {
        this(fromEnvironment(LambdaEnvironment.fromSystem()));
    }

    private static EndpointConfigHookService fromEnvironment(LambdaEnvironment environment) {
        return EndpointConfigHookService.fromEnvironment(environment,
                AwsClients.fromEnvironment(environment, CallLimits.HOOK));
    }

    /** @param hook the hook on clients of the caller's choosing (a local fake, in tests) */
    public HookHandler(EndpointConfigHookService hook) {
        this.hook = hook;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(hook.answer(input.readAllBytes(), budgetFor(context)).toJson());
    }

    /**
     * What is left of the invocation, never more than CloudFormation waits, keeping one KMS call (its call timeout)
     * and the answer allowance in hand. Without a context (a direct call) there is no limit.
     */
    static TimeBudget budgetFor(Context context) {
        if (context == null) {
            return TimeBudget.unlimited();
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis());
        return TimeBudget.of(left.compareTo(HOOK_TIMEOUT) < 0 ? left : HOOK_TIMEOUT, CallLimits.HOOK.callTimeout(),
                ANSWER_ALLOWANCE, System::nanoTime);
    }
}
