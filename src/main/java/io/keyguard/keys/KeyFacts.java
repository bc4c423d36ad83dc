package io.keyguard.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * What KMS says about a key (DescribeKey, and GetKeyRotationStatus when rotation is required).
 *
 * @param keyArn          the key's ARN, whatever form the reference took
 * @param customerManaged false for AWS-managed keys (KeyManager AWS)
 * @param keyState        KMS key state: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, ...
 * @param deletionDate    when a key pending deletion will be deleted, else null
 * @param rotation        automatic rotation status, or {@link Rotation#NOT_CHECKED} when not asked for
 */
public record KeyFacts(String keyArn, boolean customerManaged, String keyState, Instant deletionDate,
                       Rotation rotation) {

    public enum Rotation { ENABLED, DISABLED, NOT_SUPPORTED, NOT_CHECKED }

    public static final String ENABLED = "Enabled";

    public KeyFacts {
        Objects.requireNonNull(keyArn, "keyArn");
        Objects.requireNonNull(keyState, "keyState");
        Objects.requireNonNull(rotation, "rotation");
    }

    public boolean enabled() {
        return ENABLED.equals(keyState);
    }

    public KeyFacts withRotation(Rotation status) {
        return new KeyFacts(keyArn, customerManaged, keyState, deletionDate, status);
    }
}
