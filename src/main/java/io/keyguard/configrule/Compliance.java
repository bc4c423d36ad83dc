package io.keyguard.configrule;

/** The verdicts AWS Config accepts from a custom rule (INSUFFICIENT_DATA is never reported by this rule). */
public enum Compliance {
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE
}
