package io.keyguard.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.testing.FakeAws;
import io.keyguard.testing.JdkProcess;
import io.keyguard.testing.TestCertificates;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients' HTTPS: the TLS context the SDK's HTTP client builds trusts the JVM's trust store (the JDK's, or the
 * one the javax.net.ssl settings name), so a certificate the JVM trusts is accepted and any other is refused. Each
 * case runs in a JVM of its own, started with its own javax.net.ssl settings.
 */
class HttpsCallsTest {

    private static TestCertificates certificates;

    @BeforeAll
    static void certificate() throws Exception {
        certificates = TestCertificates.shared();
    }

    @Test
    void aCallOverHttpsSucceedsWhenTheJvmTrustsTheCertificate() throws Exception {
        try (FakeAws aws = httpsFake()) {
            assertTrue(aws.endpoint().toString().startsWith("https://"), aws.endpoint().toString());

            JdkProcess.Result result = describe(aws, certificates.trustOptions());

            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("described " + FakeAws.arnOf("over-tls")), result.output());
            assertEquals(1, aws.served("SageMaker.DescribeEndpointConfig"));
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() throws Exception {
        try (FakeAws aws = httpsFake()) {
            JdkProcess.Result result = describe(aws);

            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("failed sun.security.provider.certpath.SunCertPathBuilderException"),
                    result.output());
            assertEquals(0, aws.served("SageMaker.DescribeEndpointConfig"), "no request got past the handshake");
        }
    }

    private static FakeAws httpsFake() {
        return FakeAws.overHttps(certificates.keystore(), certificates.password()).withEndpointConfig("over-tls", null);
    }

    private static JdkProcess.Result describe(FakeAws aws) throws IOException, InterruptedException {
        return describe(aws, List.of());
    }

    private static JdkProcess.Result describe(FakeAws aws, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return JdkProcess.run(JdkProcess.java(jvmOptions, HttpsCallProbe.class, aws.endpoint().toString(), "over-tls"));
    }
}
