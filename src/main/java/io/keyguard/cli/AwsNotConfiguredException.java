package io.keyguard.cli;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The AWS SDK found no region or no credentials for {@code run} or {@code remediate}: one line says which, and how to
 * set it (exit code {@link Main#AWS_NOT_CONFIGURED}); the SDK's own account of every source it tried, a long list, is
 * the cause, shown with --debug.
 */
final class AwsNotConfiguredException extends RuntimeException {

    /** What is missing, and how to set it. */
    enum Missing {
        REGION("no AWS region: set AWS_REGION (for example AWS_REGION=eu-west-1), or a region in your AWS profile"
                + " ('aws configure', or AWS_PROFILE=NAME for another profile)."),
        CREDENTIALS("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a profile with"
                + " AWS_PROFILE, or run 'aws configure' ('aws sso login' for SSO); --debug shows what each source said."),
        REGION_AND_CREDENTIALS("no AWS region and no AWS credentials: set AWS_REGION, AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, or a profile with both ('aws configure', or AWS_PROFILE=NAME for another"
                + " profile).");

        private final String message;

        Missing(String message) {
            this.message = message;
        }
    }

    AwsNotConfiguredException(Missing missing, Throwable cause) {
        super(missing.message, cause);
    }

    /**
     * This failure, or one of its causes, when it says that the region or credentials are missing: the SDK's own
     * exceptions say so in their first words, however deep a command's failure wraps them.
     */
    static Optional<AwsNotConfiguredException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AwsNotConfiguredException notConfigured) {
                return Optional.of(notConfigured);
            }
            String message = t instanceof SdkClientException ? String.valueOf(t.getMessage()) : "";
            if (message.startsWith("Unable to load region")) {
                return Optional.of(new AwsNotConfiguredException(Missing.REGION, t));
            }
            if (message.startsWith("Unable to load credentials")) {
                return Optional.of(new AwsNotConfiguredException(Missing.CREDENTIALS, t));
            }
        }
        return Optional.empty();
    }
}
