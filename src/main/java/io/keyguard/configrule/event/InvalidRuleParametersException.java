package io.keyguard.configrule.event;

/** The rule's parameters cannot be used; the message names the parameter and what is wrong with it. */
public final class InvalidRuleParametersException extends RuntimeException {
    public InvalidRuleParametersException(String message) {
        super(message);
    }
}
