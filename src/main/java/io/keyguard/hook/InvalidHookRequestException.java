package io.keyguard.hook;

/**
 * A hook request that cannot be answered as CloudFormation documents it; the message names the field. Carries the
 * request's clientRequestToken when it could be read, so the failure still answers the right request.
 */
final class InvalidHookRequestException extends RuntimeException {

    private final String clientRequestToken;

    InvalidHookRequestException(String message, String clientRequestToken) {
        super(message);
        this.clientRequestToken = clientRequestToken;
    }

    String clientRequestToken() {
        return clientRequestToken;
    }
}
