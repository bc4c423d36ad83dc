package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The priming chain is what the JDK's own parser and PKIX validator accept as a server chain for localhost, shaped
 * like the chains of AWS's endpoints, and trusted by priming's client only.
 */
class PrimingCertificatesTest {

    private static PrimingCertificates chain;

    @BeforeAll
    static void issue() {
        chain = PrimingCertificates.issue();
    }

    @Test
    void theJdksPkixValidatorAcceptsTheChainUpToTheRoot() throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(chain.root(), null)));
        parameters.setRevocationEnabled(false);

        assertDoesNotThrow(() -> CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(chain.leaf(), chain.intermediate())), parameters));
    }

    @Test
    void anotherIssuesRootDoesNotValidateTheChain() throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(PrimingCertificates.issue().root(),
                null)));
        parameters.setRevocationEnabled(false);

        assertThrows(CertPathValidatorException.class, () -> CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain.leaf(), chain.intermediate())),
                parameters));
    }

    @Test
    void theLeafIsAServerCertificateForLocalhostWithTheExtensionsOfAwssCertificates() throws Exception {
        X509Certificate leaf = chain.leaf();

        assertEquals(List.of(List.of(2, "localhost")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals("CN=localhost,O=Keyguard,C=US", leaf.getSubjectX500Principal().getName());
        assertEquals(chain.intermediate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(-1, leaf.getBasicConstraints());
        assertArrayEquals(new boolean[] {true, false, true, false, false, false, false, false, false},
                leaf.getKeyUsage());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
        assertEquals(Set.of("2.5.29.15", "2.5.29.19"), leaf.getCriticalExtensionOIDs());
        assertEquals(Set.of("2.5.29.35", "2.5.29.14", "2.5.29.17", "2.5.29.37", "2.5.29.31", "2.5.29.32",
                "1.3.6.1.5.5.7.1.1", "1.3.6.1.4.1.11129.2.4.2"), leaf.getNonCriticalExtensionOIDs());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        assertEquals("RSA", leaf.getPublicKey().getAlgorithm());
        assertDoesNotThrow(() -> leaf.checkValidity(new Date()));
    }

    @Test
    void theLeafSaysWhereToCheckRevocationAndFindTheIssuerUnderPolicyLikeAwssCertificates() {
        X509Certificate leaf = chain.leaf();

        // CRLDistributionPoints: a point whose full name is one URI (RFC 5280, 4.2.1.13).
        assertArrayEquals(tlv(0x30, tlv(0x30, tlv(0xA0, tlv(0xA0, tlv(0x86,
                ascii("http://crl.keyguard-priming.invalid/ca.crl")))))), extensionValue(leaf, "2.5.29.31"));
        // AuthorityInfoAccess: OCSP, then the issuer's certificate (RFC 5280, 4.2.2.1).
        assertArrayEquals(tlv(0x30,
                tlv(0x30, tlv(0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01),
                        tlv(0x86, ascii("http://ocsp.keyguard-priming.invalid"))),
                tlv(0x30, tlv(0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02),
                        tlv(0x86, ascii("http://crt.keyguard-priming.invalid/ca.cer")))),
                extensionValue(leaf, "1.3.6.1.5.5.7.1.1"));
        // CertificatePolicies: the CA/Browser Forum's domain-validated policy, 2.23.140.1.2.1.
        assertArrayEquals(tlv(0x30, tlv(0x30, tlv(0x06, 0x67, 0x81, 0x0C, 0x01, 0x02, 0x01))),
                extensionValue(leaf, "2.5.29.32"));
        // Signed certificate timestamps: a list of one, 47 bytes (RFC 6962, 3.3).
        byte[] timestamps = extensionValue(leaf, "1.3.6.1.4.1.11129.2.4.2");
        assertEquals(0x04, timestamps[0]);
        assertEquals(List.of(0x00, 0x31, 0x00, 0x2F), List.of((int) timestamps[2], (int) timestamps[3],
                (int) timestamps[4], (int) timestamps[5]));
    }

    @Test
    void theIntermediateIsACaForServerCertificatesOnlyAndTheRootSignsIt() throws Exception {
        X509Certificate intermediate = chain.intermediate();

        assertEquals(0, intermediate.getBasicConstraints());
        assertTrue(intermediate.getKeyUsage()[5], "keyCertSign");
        assertEquals(chain.root().getSubjectX500Principal(), intermediate.getIssuerX500Principal());
        assertDoesNotThrow(() -> intermediate.verify(chain.root().getPublicKey()));
        assertEquals(Integer.MAX_VALUE, chain.root().getBasicConstraints());
        assertDoesNotThrow(() -> intermediate.checkValidity(new Date()));
    }

    @Test
    void primingsTrustManagersAcceptItsChainAndNoOther() {
        X509TrustManager trust = (X509TrustManager) chain.clientTrustManagers()[0];
        PrimingCertificates other = PrimingCertificates.issue();

        assertDoesNotThrow(() -> trust.checkServerTrusted(
                new X509Certificate[] {chain.leaf(), chain.intermediate()}, "ECDHE_RSA"));
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(
                new X509Certificate[] {other.leaf(), other.intermediate()}, "ECDHE_RSA"));
        assertEquals(List.of(chain.root()), List.of(trust.getAcceptedIssuers()));
    }

    /** The DER of an extension's value, without the OCTET STRING the certificate wraps it in. */
    private static byte[] extensionValue(X509Certificate certificate, String oid) {
        byte[] wrapped = certificate.getExtensionValue(oid);
        assertEquals(0x04, wrapped[0], oid);
        int header = (wrapped[1] & 0x80) == 0 ? 2 : 2 + (wrapped[1] & 0x7F);
        return Arrays.copyOfRange(wrapped, header, wrapped.length);
    }

    /** A DER value with a short length: the expected encodings here are all under 128 bytes. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        assertTrue(content.size() < 0x80);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(content.size());
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, int... octets) {
        byte[] content = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            content[i] = (byte) octets[i];
        }
        return tlv(tag, content);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
