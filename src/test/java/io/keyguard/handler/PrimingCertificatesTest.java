package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
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
}
