package io.keyguard.configrule.event;

/** The event AWS Config sent (or a local event file) cannot be understood; the message names the field. */
public final class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
