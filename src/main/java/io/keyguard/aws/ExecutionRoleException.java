package io.keyguard.aws;

/**
 * The rule could not act in the account an invocation is about: no execution role is configured for it, or
 * STS refused the role. Nothing is evaluated; the message says which role and what it needs.
 */
public final class ExecutionRoleException extends RuntimeException {

    public ExecutionRoleException(String message) {
        super(message);
    }

    public ExecutionRoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
