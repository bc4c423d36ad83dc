package io.keyguard.sagemaker;

import io.keyguard.aws.AwsErrors;
import io.keyguard.sdk.sagemaker.model.SageMakerException;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** SageMaker reports a missing resource as a ValidationException, distinguishable only by its message. */
final class MissingResources {

    static final String ENDPOINT_CONFIG = "Could not find endpoint configuration";
    static final String ENDPOINT = "Could not find endpoint";

    private MissingResources() {
    }

    /**
     * The answer of a Describe call, or empty when SageMaker says the resource does not exist; any other failure
     * names the operation and the resource.
     */
    static <T> Optional<T> describeUnlessMissing(String operation, String resource, String notFoundMessage,
                                                 Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (SageMakerException e) {
            if (isNotFound(e, notFoundMessage)) {
                return Optional.empty();
            }
            throw AwsErrors.callFailed(operation, resource, e);
        } catch (SdkException e) {
            throw AwsErrors.callFailed(operation, resource, e);
        }
    }

    static boolean isNotFound(SageMakerException e, String notFoundMessage) {
        return e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode())
                && e.awsErrorDetails().errorMessage() != null
                && e.awsErrorDetails().errorMessage().contains(notFoundMessage);
    }
}
