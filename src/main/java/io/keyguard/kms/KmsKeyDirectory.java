package io.keyguard.kms;

import io.keyguard.aws.AwsErrors;
import io.keyguard.keys.KeyDirectory;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import io.keyguard.keys.KeyResolution.Unexaminable.Reason;
import io.keyguard.sdk.kms.KmsClient;
import io.keyguard.sdk.kms.model.KeyManagerType;
import io.keyguard.sdk.kms.model.KeyMetadata;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Key facts from KMS: DescribeKey, and GetKeyRotationStatus when rotation is required. */
public final class KmsKeyDirectory implements KeyDirectory {

    private final KmsClient kms;

    public KmsKeyDirectory(KmsClient kms) {
        this.kms = kms;
    }

    @Override
    public KeyResolution describe(String keyReference) {
        KeyMetadata key;
        try {
            key = kms.describeKey(r -> r.keyId(keyReference)).keyMetadata();
        } catch (SdkException e) {
            return refusal(e, "kms:DescribeKey", keyReference);
        }
        return new KeyResolution.Resolved(new KeyFacts(key.arn(), key.keyManager() != KeyManagerType.AWS,
                key.keyStateAsString(), key.deletionDate(), KeyFacts.Rotation.NOT_CHECKED));
    }

    @Override
    public RotationAnswer rotation(String keyArn) {
        try {
            boolean enabled = Boolean.TRUE.equals(kms.getKeyRotationStatus(r -> r.keyId(keyArn)).keyRotationEnabled());
            return new RotationAnswer(enabled ? KeyFacts.Rotation.ENABLED : KeyFacts.Rotation.DISABLED, null);
        } catch (AwsServiceException e) {
            if ("UnsupportedOperationException".equals(errorCode(e))) {
                // Asymmetric, HMAC, imported and custom-key-store keys cannot rotate automatically.
                return new RotationAnswer(KeyFacts.Rotation.NOT_SUPPORTED, null);
            }
            return new RotationAnswer(null, (KeyResolution.Unexaminable) refusal(e, "kms:GetKeyRotationStatus", keyArn));
        } catch (SdkException e) {
            throw AwsErrors.callFailed("kms:GetKeyRotationStatus", keyArn, e);
        }
    }

    /**
     * Access denied and not found are answers about the key (the rule cannot vouch for it); anything else
     * (throttling, 5xx, network) is a failed call that must not become a verdict.
     */
    private static KeyResolution refusal(SdkException e, String operation, String keyReference) {
        String code = e instanceof AwsServiceException service ? errorCode(service) : null;
        if ("AccessDeniedException".equals(code)) {
            return new KeyResolution.Unexaminable(Reason.ACCESS_DENIED, operation + " denied");
        }
        if ("NotFoundException".equals(code) || "InvalidArnException".equals(code)) {
            return new KeyResolution.Unexaminable(Reason.NOT_FOUND, operation + ": " + code);
        }
        throw AwsErrors.callFailed(operation, keyReference, e);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
