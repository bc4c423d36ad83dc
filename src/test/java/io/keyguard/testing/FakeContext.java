package io.keyguard.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of a function deployed in {@code account}, as the runtime hands it to the handler. */
public record FakeContext(String account) implements Context {

    public static final String FUNCTION_NAME = "keyguard-rule-RuleFunction";

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + FakeAws.REGION + ":" + account + ":function:" + FUNCTION_NAME;
    }

    @Override
    public String getAwsRequestId() {
        return "00000000-0000-4000-8000-000000000000";
    }

    @Override
    public String getLogGroupName() {
        return "/keyguard/keyguard-rule/config-rule";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/24/[$LATEST]0000";
    }

    @Override
    public String getFunctionName() {
        return FUNCTION_NAME;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 900_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    /** Lambda's logger writes to the function's log stream; here, standard error. */
    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.write(message, 0, message.length);
            }
        };
    }
}
