package io.keyguard.app;

import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.hook.EndpointConfigHook;
import io.keyguard.hook.HookResponse;
import io.keyguard.kms.KmsKeyDirectory;

/**
 * The CloudFormation hook as the Lambda function runs it: the endpoint-config hook on the function's own KMS client,
 * with the rule parameters its deployment sets.
 */
public final class EndpointConfigHookService {

    private final EndpointConfigHook hook;

    /**
     * @param clients        the function's clients; only KMS is called
     * @param ruleParameters the rule parameters, a JSON object as a Config rule's ruleParameters; null for defaults
     */
    public EndpointConfigHookService(AwsClients clients, String ruleParameters) {
        this.hook = new EndpointConfigHook(new KmsKeyDirectory(clients.kms()), ruleParameters);
    }

    /** With the rule parameters of environment variable RULE_PARAMETERS. */
    public static EndpointConfigHookService fromEnvironment(LambdaEnvironment environment, AwsClients clients) {
        return new EndpointConfigHookService(clients,
                environment.variable(EndpointConfigHook.RULE_PARAMETERS_VARIABLE));
    }

    /** The answer to one hook request; never throws (see {@link EndpointConfigHook}). */
    public HookResponse answer(byte[] request, TimeBudget budget) {
        return hook.answer(request, budget);
    }
}
