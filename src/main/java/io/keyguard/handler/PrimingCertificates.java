package io.keyguard.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of SnapStart priming's loopback TLS handshake ({@link TlsPriming}), issued in memory when priming
 * runs: a root, an intermediate and a leaf for {@code localhost}, RSA 2048 signed with SHA-256, with the extensions
 * the certificates of AWS's endpoints carry (names, key usages, policies, where to find revocation and the issuer,
 * certificate transparency). The client's handshake then parses and validates a chain shaped like AWS's, and the
 * classes doing it are loaded before the snapshot instead of on the first call after a restore.
 *
 * <p>Nothing here is trusted beyond priming: the root goes into a trust manager made for priming's own HTTP client,
 * never into the rule's. No private key ships in the package. The JDK has no public API that issues certificates,
 * so the few DER structures are written here; the JDK's own parser reads each certificate back.
 *
 * @param key the one key pair each certificate holds and is signed with (see {@link #issue()})
 */
record PrimingCertificates(KeyPair key, X509Certificate root, X509Certificate intermediate, X509Certificate leaf) {

    static final String HOST = "localhost";

    private static final byte[] SHA256_WITH_RSA = sequence(oid("1.2.840.113549.1.1.11"), new byte[] {0x05, 0x00});
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The first instant UTCTime cannot express (RFC 5280, 4.1.2.5). */
    private static final Instant YEAR_2050 = Instant.parse("2050-01-01T00:00:00Z");
    private static final char[] PASSWORD = "priming".toCharArray();

    /**
     * Issues the chain, valid from a minute ago for a day. One key pair is certified and signs at every level:
     * generating an RSA key takes hundreds of milliseconds before the JIT has compiled {@code BigInteger}, and the
     * client's checks do the same work whichever key a certificate holds.
     */
    static PrimingCertificates issue() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            Instant from = Instant.now().minus(Duration.ofMinutes(1));
            Instant until = from.plus(Duration.ofDays(1));
            byte[] keyId = MessageDigest.getInstance("SHA-1").digest(key.getPublic().getEncoded());
            byte[] rootName = name("Keyguard Priming Root CA");
            byte[] intermediateName = name("Keyguard Priming CA");

            X509Certificate root = certificate(key.getPrivate(), rootName, rootName, from, until, key, sequence(
                    extension("2.5.29.19", true, sequence(bool(true))),
                    extension("2.5.29.15", true, bitString(1, 0x06)),
                    subjectKeyId(keyId)));
            X509Certificate intermediate = certificate(key.getPrivate(), rootName, intermediateName, from, until,
                    key, sequence(
                            extension("2.5.29.19", true, sequence(bool(true), integer(BigInteger.ZERO))),
                            extension("2.5.29.15", true, bitString(1, 0x86)),
                            serverAndClientAuth(),
                            authorityKeyId(keyId),
                            subjectKeyId(keyId),
                            revocationList(),
                            authorityInformation(),
                            policies("2.5.29.32.0")));
            X509Certificate leaf = certificate(key.getPrivate(), intermediateName, name(HOST), from, until, key,
                    sequence(
                            authorityKeyId(keyId),
                            subjectKeyId(keyId),
                            extension("2.5.29.17", false, sequence(tagged(0x82, ascii(HOST)))),
                            extension("2.5.29.15", true, bitString(5, 0xA0)),
                            serverAndClientAuth(),
                            revocationList(),
                            policies("2.23.140.1.2.1"),
                            authorityInformation(),
                            extension("2.5.29.19", true, sequence()),
                            // Certificate transparency: the JDK reads it as an extension it does not know, as it
                            // reads the timestamps in AWS's certificates.
                            extension("1.3.6.1.4.1.11129.2.4.2", false, octets(timestampList()))));
            return new PrimingCertificates(key, root, intermediate, leaf);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue the certificates of the priming handshake", e);
        }
    }

    /** For the loopback server: the leaf's key, presenting the leaf and the intermediate, as AWS's servers do. */
    KeyManager[] serverKeyManagers() throws GeneralSecurityException {
        KeyStore store = emptyStore();
        store.setKeyEntry("leaf", key.getPrivate(), PASSWORD, new X509Certificate[] {leaf, intermediate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        return factory.getKeyManagers();
    }

    /** For priming's client: the JDK's default (PKIX) trust managers, trusting the root alone. */
    TrustManager[] clientTrustManagers() {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry("root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not trust the priming root", e);
        }
    }

    /** A JKS store in memory: a PKCS12 store would encrypt the key with 10,000 rounds of PBKDF2 to hold it. */
    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("JKS");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("An empty key store could not be created", e);
        }
        return store;
    }

    private static X509Certificate certificate(PrivateKey issuerKey, byte[] issuer, byte[] subject, Instant from,
                                               Instant until, KeyPair subjectKey, byte[] extensions)
            throws GeneralSecurityException {
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        byte[] toBeSigned = sequence(
                tagged(0xA0, integer(BigInteger.TWO)),
                integer(new BigInteger(1, serial)),
                SHA256_WITH_RSA,
                issuer,
                sequence(time(from), time(until)),
                subject,
                subjectKey.getPublic().getEncoded(),
                tagged(0xA3, extensions));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(issuerKey);
        signer.update(toBeSigned);
        byte[] encoded = sequence(toBeSigned, SHA256_WITH_RSA, bitString(0, signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(encoded));
    }

    /**
     * A list of one signed certificate timestamp (RFC 6962, 3.2): version 1, a log id and time of zeros, no
     * extensions, SHA-256 with ECDSA over an empty signature. No one checks it; it only has AWS's shape.
     */
    private static byte[] timestampList() {
        int timestamp = 1 + 32 + 8 + 2 + 2 + 2;
        byte[] list = new byte[2 + 2 + timestamp];
        list[1] = (byte) (2 + timestamp);
        list[3] = (byte) timestamp;
        list[4 + 1 + 32 + 8 + 2] = 4; // hash: SHA-256
        list[4 + 1 + 32 + 8 + 2 + 1] = 3; // signature: ECDSA
        return list;
    }

    private static byte[] name(String commonName) {
        return sequence(
                set(sequence(oid("2.5.4.6"), tagged(0x13, ascii("US")))),
                set(sequence(oid("2.5.4.10"), tagged(0x13, ascii("Keyguard")))),
                set(sequence(oid("2.5.4.3"), tagged(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] serverAndClientAuth() {
        return extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2")));
    }

    private static byte[] subjectKeyId(byte[] keyId) {
        return extension("2.5.29.14", false, octets(keyId));
    }

    private static byte[] authorityKeyId(byte[] keyId) {
        return extension("2.5.29.35", false, sequence(tagged(0x80, keyId)));
    }

    /** Addresses under .invalid, which never resolve; the JDK does not fetch them unless told to. */
    private static byte[] revocationList() {
        return extension("2.5.29.31", false, sequence(sequence(tagged(0xA0, tagged(0xA0,
                tagged(0x86, ascii("http://crl.keyguard-priming.invalid/ca.crl")))))));
    }

    private static byte[] authorityInformation() {
        return extension("1.3.6.1.5.5.7.1.1", false, sequence(
                sequence(oid("1.3.6.1.5.5.7.48.1"), tagged(0x86, ascii("http://ocsp.keyguard-priming.invalid"))),
                sequence(oid("1.3.6.1.5.5.7.48.2"), tagged(0x86, ascii("http://crt.keyguard-priming.invalid/ca.cer")))));
    }

    private static byte[] policies(String policy) {
        return extension("2.5.29.32", false, sequence(sequence(oid(policy))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? sequence(oid(oid), bool(true), octets(value)) : sequence(oid(oid), octets(value));
    }

    // DER: each value is a tag, its length and its content (X.690).

    private static byte[] sequence(byte[]... parts) {
        return tagged(0x30, parts);
    }

    private static byte[] set(byte[]... parts) {
        return tagged(0x31, parts);
    }

    private static byte[] octets(byte[] value) {
        return tagged(0x04, value);
    }

    private static byte[] bool(boolean value) {
        return tagged(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    private static byte[] integer(BigInteger value) {
        return tagged(0x02, value.toByteArray());
    }

    private static byte[] bitString(int unusedBits, int bits) {
        return bitString(unusedBits, new byte[] {(byte) bits});
    }

    private static byte[] bitString(int unusedBits, byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        content[0] = (byte) unusedBits;
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tagged(0x03, content);
    }

    private static byte[] time(Instant instant) {
        return instant.isBefore(YEAR_2050)
                ? tagged(0x17, ascii(UTC_TIME.format(instant)))
                : tagged(0x18, ascii(GENERALIZED_TIME.format(instant)));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        base128(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(content, Long.parseLong(arcs[i]));
        }
        return tagged(0x06, content.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while (value >>> (7 * groups) != 0) {
            groups++;
        }
        for (int group = groups - 1; group >= 0; group--) {
            int bits = (int) (value >>> (7 * group)) & 0x7F;
            out.write(group == 0 ? bits : bits | 0x80);
        }
    }

    private static byte[] tagged(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
