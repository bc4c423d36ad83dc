package io.keyguard.aws;

import io.keyguard.evaluation.AwsCallException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into failures that name the operation, the resource and AWS's own reason. */
public final class AwsErrors {

    private AwsErrors() {
    }

    public static AwsCallException callFailed(String operation, String resource, SdkException e) {
        return new AwsCallException(operation, resource, describe(e), e);
    }

    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            String hint = "AccessDeniedException".equals(code) || "AccessDenied".equals(code)
                    ? " (grant this action to the function's execution role)"
                    : "";
            return code + " (HTTP " + service.statusCode() + "): " + message + hint;
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
