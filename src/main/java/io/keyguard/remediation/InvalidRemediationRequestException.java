package io.keyguard.remediation;

/** The remediation input cannot be used; the message names the field and what is wrong with it. */
public final class InvalidRemediationRequestException extends RuntimeException {
    public InvalidRemediationRequestException(String message) {
        super(message);
    }
}
