package io.keyguard.aws;

import java.util.Iterator;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into failures that name the operation, the resource and AWS's own reason. */
public final class AwsErrors {

    private AwsErrors() {
    }

    public static AwsCallException callFailed(String operation, String resource, SdkException e) {
        return new AwsCallException(operation, resource, describe(e), e);
    }

    /**
     * Walks the pages of an SDK paginator (which stops on a missing or empty NextToken); a page that cannot be
     * fetched fails naming the operation and resource. Failures inside {@code action} pass through unchanged.
     */
    public static <P> void forEachPage(Iterable<P> pages, String operation, String resource, Consumer<P> action) {
        Iterator<P> iterator = pages.iterator();
        while (true) {
            P page;
            try {
                if (!iterator.hasNext()) {
                    return;
                }
                page = iterator.next();
            } catch (SdkException e) {
                throw callFailed(operation, resource, e);
            }
            action.accept(page);
        }
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
