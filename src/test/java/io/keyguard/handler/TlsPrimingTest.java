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
import javax.net.ssl.SSLContext;
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
    void primingNegotiatesTls13AndTls12WithAServerOnLoopbackAndLeavesNoThreadRunning() {
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPriming.prime());
        assertEquals(List.of(), primingThreads());
    }

    @Test
    void primingConnectsStraightToLoopbackWhateverProxyIsConfigured() throws Exception {
        List<String> properties = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort",
                "http.nonProxyHosts");
        try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(proxy.getLocalPort());
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", port);
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", port);
            System.setProperty("http.nonProxyHosts", ""); // so that even localhost would go through the proxy
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
    void aChainTheClientDoesNotTrustFailsNamingWhatEachSideSaw() {
        SSLContext trustingAnotherRoot = TlsPriming.clientContext(PrimingCertificates.issue());

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TlsPriming.prime(PrimingCertificates.issue(), trustingAnotherRoot, List.of("TLSv1.3")));

        assertTrue(failure.getMessage().startsWith("The priming exchange over TLSv1.3 with https://localhost:"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("PKIX path"), failure.getMessage());
        assertTrue(failure.getMessage().contains("; on the server's side: "), failure.getMessage());
        assertEquals(List.of(), primingThreads());
    }

    @Test
    void aProtocolTheClientDoesNotEnableFailsNamingIt() {
        SSLContext client = TlsPriming.clientContext(PrimingCertificates.issue());
        PrimingCertificates served = PrimingCertificates.issue();

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TlsPriming.prime(served, client, List.of("TLSv1.1")));

        assertTrue(failure.getMessage().startsWith("The priming exchange over TLSv1.1"), failure.getMessage());
        assertEquals(List.of(), primingThreads());
    }

    @Test
    void afterPrimingTheFirstHttpsCallLoadsNothingOfTheTlsStack() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> output = run(aws, "primed", List.of());

            assertTrue(primedLine(output).contains("\"tlsHandshakes\":[\"TLSv1.3\",\"TLSv1.2\"]"), output::toString);
            assertEquals(List.of(), loadedDuringFirstCall(output, TLS_STACK));
            assertEquals(1, aws.served("SageMaker.DescribeEndpointConfig"), "the fake should see the real call only");
            assertEquals(1, aws.requests().size(), aws.targetsCalled()::toString);
        }
    }

    @Test
    void withoutPrimingTheFirstHttpsCallLoadsTheTlsStack() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> loaded = loadedDuringFirstCall(run(aws, "unprimed", List.of()), TLS_STACK);

            assertTrue(loaded.size() > 150, "only " + loaded.size() + " classes: " + loaded);
            assertTrue(loaded.contains("sun.security.ssl.ClientHello"), loaded::toString);
            assertTrue(loaded.contains("sun.security.provider.certpath.PKIXCertPathValidator"), loaded::toString);
        }
    }

    @Test
    void aClientLimitedToTls13IsPrimedWithTls13Alone() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> output = run(aws, "primed", List.of("-Djdk.tls.client.protocols=TLSv1.3"));

            assertTrue(primedLine(output).contains("\"tlsHandshakes\":[\"TLSv1.3\"]"), output::toString);
            assertEquals(List.of(), loadedDuringFirstCall(output, TLS_STACK));
        }
    }

    @Test
    void withRevocationCheckingTheHandshakeIsNotPrimedAndTheLogSaysWhy() throws Exception {
        try (FakeAws aws = httpsFake()) {
            List<String> output = run(aws, "prime-only", List.of("-Dcom.sun.net.ssl.checkRevocation=true"));

            String primed = primedLine(output);
            assertTrue(primed.contains("\"level\":\"WARN\"") && primed.contains("\"tlsHandshakes\":[]")
                    && primed.contains("\"tlsSkipped\":\"com.sun.net.ssl.checkRevocation is true"), primed);
            assertTrue(aws.requests().isEmpty(), aws.targetsCalled()::toString);
        }
    }

    @Test
    void aJvmWhoseClientEnablesNeitherVersionFailsTheSnapshotSayingSo() throws Exception {
        try (FakeAws aws = httpsFake()) {
            JdkProcess.Result result = JdkProcess.run(probe(aws, "prime-only",
                    List.of("-Djdk.tls.client.protocols=TLSv1.1")));

            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains(
                    "The JVM's TLS client enables neither of [TLSv1.3, TLSv1.2] (it enables [])"), result.output());
        }
    }

    private static FakeAws httpsFake() {
        return FakeAws.overHttps(certificates.keystore(), certificates.password()).withEndpointConfig("over-tls", null);
    }

    /** The probe in {@code mode}, run to a successful end; its output, the class log included. */
    private static List<String> run(FakeAws aws, String mode, List<String> jvmOptions) throws Exception {
        JdkProcess.Result result = JdkProcess.run(probe(aws, mode, jvmOptions));
        assertEquals(0, result.exitCode(), result.output());
        List<String> output = result.output().lines().toList();
        if (!mode.equals("prime-only")) {
            assertTrue(output.contains("described " + FakeAws.arnOf("over-tls")), result.output());
        }
        return output;
    }

    /** The probe in a JVM started as Lambda starts it, with the function's environment, pointed at the fake. */
    private static ProcessBuilder probe(FakeAws aws, String mode, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                JdkProcess.CLASS_LOG));
        options.addAll(certificates.trustOptions());
        options.addAll(jvmOptions);
        return JdkProcess.lambdaFunction(options, Map.of("AWS_REGION", FakeAws.REGION,
                "AWS_ACCESS_KEY_ID", FakeAws.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", FakeAws.SECRET_ACCESS_KEY,
                "AWS_ENDPOINT_URL", aws.endpoint().toString()), TlsPrimingProbe.class, mode, "over-tls");
    }

    private static String primedLine(List<String> output) {
        return output.stream().filter(line -> line.contains("primed before the SnapStart snapshot")).findFirst()
                .orElseThrow(() -> new AssertionError("no priming log line in " + output));
    }

    private static List<String> primingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.equals("keyguard-tls-priming")).toList();
    }

    /** The names of the classes in {@code packages} the JVM loaded between the probe's two markers. */
    private static List<String> loadedDuringFirstCall(List<String> output, List<String> packages) {
        int from = output.indexOf(TlsPrimingProbe.FIRST_CALL);
        int to = output.indexOf(TlsPrimingProbe.ANSWERED);
        assertTrue(from >= 0 && to > from, "markers missing: " + output);
        return JdkProcess.classesLoaded(output.subList(from, to)).stream()
                .filter(name -> packages.stream().anyMatch(name::startsWith))
                .toList();
    }
}
