package io.keyguard.keys;


/** Where key facts come from (KMS in the Lambda). */
public interface KeyDirectory {

    /** What KMS says about a key id, key ARN, alias name or alias ARN (rotation not checked). */
    KeyResolution describe(String keyReference);

    /**
     * The rotation status of a customer-managed key, by key ARN.
     *
     * @return the status, or an {@link KeyResolution.Unexaminable} reason when KMS refused to tell
     */
    RotationAnswer rotation(String keyArn);

    /** Either a rotation status or why it could not be read. */
    record RotationAnswer(KeyFacts.Rotation status, KeyResolution.Unexaminable refusal) {
    }
}
