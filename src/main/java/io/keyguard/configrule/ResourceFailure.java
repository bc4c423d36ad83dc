package io.keyguard.configrule;

/** A resource the rule could not evaluate, and why; never turned into a verdict. */
public record ResourceFailure(String resourceId, String operation, String reason) {

    @Override
    public String toString() {
        return resourceId + " (" + operation + ": " + reason + ")";
    }
}
