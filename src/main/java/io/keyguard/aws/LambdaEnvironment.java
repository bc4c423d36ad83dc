package io.keyguard.aws;

import java.util.Map;

/**
 * What the Lambda runtime, or an emulator of it, tells the function about where and how it runs: the process's
 * environment variables, read once and handed in, so tests give their own instead of changing the process's.
 *
 * @param variables environment variable name to value
 */
public record LambdaEnvironment(Map<String, String> variables) {

    /** Set by the Lambda runtime in every function, and by SAM's emulator (to the function's logical id). */
    static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Set to "true" by SAM's local emulator (sam local invoke, start-lambda, start-api) and never by Lambda. */
    static final String SAM_LOCAL = "AWS_SAM_LOCAL";
    /**
     * The account of every function ARN the emulator hands out (arn:aws:lambda:us-east-1:012345678912:function:NAME),
     * hard-coded in the Lambda runtime interface emulator SAM runs, whatever the credentials' account.
     */
    static final String EMULATOR_ACCOUNT = "012345678912";

    public LambdaEnvironment {
        variables = Map.copyOf(variables);
    }

    /** The environment of this process. */
    public static LambdaEnvironment fromSystem() {
        return new LambdaEnvironment(System.getenv());
    }

    /** The value of {@code name}; null when it is not set. */
    public String variable(String name) {
        return variables.get(name);
    }

    public boolean inLambda() {
        return variables.containsKey(FUNCTION_NAME);
    }

    /** True while Lambda initializes a SnapStart snapshot (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start). */
    public boolean snapStart() {
        return "snap-start".equals(variables.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    /**
     * True when SAM's local emulator invoked the function: AWS_SAM_LOCAL=true and the emulator's fixed account in the
     * invoked function's ARN. Both are required, so that a deployed function given AWS_SAM_LOCAL by mistake still
     * records its results and keeps its cross-account checks.
     *
     * @param invokedFunctionArn the ARN from the invocation's context; null outside Lambda
     */
    public boolean samLocalEmulator(String invokedFunctionArn) {
        return "true".equals(variables.get(SAM_LOCAL))
                && EMULATOR_ACCOUNT.equals(AccountClients.accountOfArn(invokedFunctionArn));
    }
}
