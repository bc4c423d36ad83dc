package io.keyguard.remediation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The name of the encrypted copy: the same for the same config and key on every run (so a second run finds the
 * copy instead of making another), within SageMaker's 63 characters and its pattern
 * {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}}.
 */
public final class CopyNames {

    /** SageMaker's limit for endpoint config names. */
    public static final int MAX_LENGTH = 63;
    static final String MARKER = "-cmk-";
    static final int HASH_LENGTH = 8;

    private CopyNames() {
    }

    /**
     * {@code <original, cut to fit>-cmk-<8 hex digits of SHA-256(original name, key ARN)>}, lowercased: SageMaker
     * treats names without regard to case and lowercases them in ARNs, so a config named by its ARN and by its
     * name gets the same copy.
     */
    public static String of(String originalName, String keyArn) {
        String original = originalName.toLowerCase(Locale.ROOT);
        String hash = HexFormat.of().formatHex(sha256(original + "\n" + keyArn)).substring(0, HASH_LENGTH);
        int room = MAX_LENGTH - MARKER.length() - HASH_LENGTH;
        String prefix = original.length() > room ? original.substring(0, room) : original;
        return prefix + MARKER + hash;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
