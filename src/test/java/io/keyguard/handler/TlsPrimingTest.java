package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.testing.FakeAws;
import io.keyguard.testing.JdkProcess;
import io.keyguard.testing.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming's TLS half: it negotiates each TLS version on loopback, and afterwards the rule's first real
 * HTTPS call (to the fake, serving a chain like AWS's) loads nothing of the JDK's TLS stack, which without it that
 * call loads in full. Seen from a JVM started as Lambda starts it (C1 only, serial GC), through its class log.
 */
class TlsPrimingTest {

    /** The JDK's TLS, certificate, cryptography and HTTPS classes. */
    private static final List<String> TLS_STACK = List.of("sun.security.ssl.", "sun.security.provider.certpath.",
            "sun.security.x509.", "sun.security.util.", "sun.security.rsa.", "sun.security.ec.", "javax.net.ssl.",
            "com.sun.crypto.provider.", "javax.crypto.", "java.security.", "sun.net.www.protocol.https.");

    private static TestCertificates certificates;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.shared();
    }

    @Test
    void primingNegotiatesTls13AndTls12WithAServerOnLoopback() {
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriming.prime());
    }

    @Test
    void primingGoesStraightToLoopbackWhateverProxyIsConfigured() throws Exception {
        List<String> properties = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort");
        try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(proxy.getLocalPort());
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", port);
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", port);
            try {
                assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriming.prime());
            } finally {
                properties.forEach(System::clearProperty);
            }
            proxy.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, proxy::accept, "priming connected to the proxy");
        }
    }

    @Test
    void afterPrimingTheFirstHttpsCallLoadsNothingOfTheTlsStack() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> output = firstCall(aws, "primed");

            assertTrue(output.stream().anyMatch(line -> line.contains("primed before the SnapStart snapshot")
                    && line.contains("\"tlsHandshakes\":[\"TLSv1.3\",\"TLSv1.2\"]")), output::toString);
            assertEquals(List.of(), loadedDuringFirstCall(output, TLS_STACK));
            assertEquals(1, aws.served("SageMaker.DescribeEndpointConfig"), "priming reached the fake");
            assertEquals(1, aws.requests().size(), aws.targetsCalled()::toString);
        }
    }

    @Test
    void withoutPrimingTheFirstHttpsCallLoadsTheTlsStack() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> loaded = loadedDuringFirstCall(firstCall(aws, "unprimed"), TLS_STACK);

            assertTrue(loaded.size() > 150, "only " + loaded.size() + " classes: " + loaded);
            assertTrue(loaded.contains("sun.security.ssl.ClientHello"), loaded::toString);
            assertTrue(loaded.contains("sun.security.provider.certpath.PKIXCertPathValidator"), loaded::toString);
        }
    }

    private static FakeAws httpsFake() {
        return FakeAws.overHttps(certificates.keystore(), certificates.password()).withEndpointConfig("over-tls", null);
    }

    private static List<String> firstCall(FakeAws aws, String mode) throws Exception {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xlog:class+load=info:stdout"));
        options.addAll(certificates.trustOptions());
        ProcessBuilder builder = JdkProcess.java(options, TlsPrimingProbe.class, mode, "over-tls");
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(Map.of("AWS_LAMBDA_FUNCTION_NAME", "rule", "AWS_REGION", FakeAws.REGION,
                "AWS_ACCESS_KEY_ID", FakeAws.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", FakeAws.SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL", aws.endpoint().toString()));
        JdkProcess.Result result = JdkProcess.run(builder);
        assertEquals(0, result.exitCode(), result.output());
        List<String> output = result.output().lines().toList();
        assertTrue(output.contains("described " + FakeAws.arnOf("over-tls")), result.output());
        return output;
    }

    /** The names of the classes in {@code packages} the JVM loaded between the probe's two markers. */
    private static List<String> loadedDuringFirstCall(List<String> output, List<String> packages) {
        int from = output.indexOf(TlsPrimingProbe.FIRST_CALL);
        int to = output.indexOf(TlsPrimingProbe.ANSWERED);
        assertTrue(from >= 0 && to > from, "markers missing: " + output);
        return output.subList(from, to).stream()
                .filter(line -> line.contains("[class,load] "))
                .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0])
                .filter(name -> packages.stream().anyMatch(name::startsWith))
                .toList();
    }
}
