package io.keyguard.configrule;

import java.time.Instant;

/**
 * A resource this rule reported on in an earlier run, as AWS Config identifies it.
 *
 * @param compliance the verdict Config holds for it
 * @param recordedAt when Config recorded that verdict; null when Config did not say
 */
public record EvaluatedResource(String resourceType, String resourceId, Compliance compliance, Instant recordedAt) {

    /** COMPLIANT and NON_COMPLIANT stay on the Config dashboard until replaced, so a deleted config needs retiring. */
    public boolean isLiveVerdict() {
        return compliance == Compliance.COMPLIANT || compliance == Compliance.NON_COMPLIANT;
    }
}
