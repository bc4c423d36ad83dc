package io.keyguard.rule;

/**
 * The rule itself: whether an endpoint config encrypts its storage with a KMS key its owner controls.
 * Pure: it sees only facts and parameters, never an AWS client, a clock or a payload.
 */
public final class EndpointConfigDecision {

    private EndpointConfigDecision() {
    }

    public static Verdict decide(EndpointConfigFacts facts, RuleParameters parameters) {
        if (!facts.hasKmsKeyId()) {
            return Verdict.nonCompliant("No KmsKeyId: storage volumes use an AWS-owned key you cannot control."
                    + " Create a copy of this endpoint config with KmsKeyId set to a customer-managed KMS key"
                    + " and move its endpoints to the copy.");
        }
        String key = facts.kmsKeyId();
        if (parameters.restrictsKeys() && !parameters.kmsKeyArns().contains(key)) {
            return Verdict.nonCompliant("KmsKeyId " + key + " is not listed in kmsKeyArns. Use a listed key"
                    + " (create a copy of this config with it and move its endpoints) or add this key to kmsKeyArns.");
        }
        if (parameters.restrictsKeys()) {
            return Verdict.compliant("KmsKeyId " + key + " is one of the keys allowed by kmsKeyArns.");
        }
        return Verdict.compliant("KmsKeyId " + key + " encrypts the storage volumes.");
    }
}
