package io.keyguard.aws;

/** What the Lambda runtime tells the function about where and how it runs. */
public final class LambdaEnvironment {

    private LambdaEnvironment() {
    }

    public static boolean inLambda() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
    }

    /** True while Lambda initializes a SnapStart snapshot (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start). */
    public static boolean snapStart() {
        return "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }
}
