package io.keyguard.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-signed certificate for localhost, made with the JDK's keytool, for serving the fake over HTTPS: the key
 * store the fake presents, a trust store holding only that certificate (for a JVM's javax.net.ssl.trustStore), and
 * the certificate as PEM (for other clients, such as boto3's AWS_CA_BUNDLE).
 */
public record TestCertificates(Path keystore, Path truststore, Path pem, String password) {

    public static TestCertificates create(Path dir, String password) throws IOException, InterruptedException {
        TestCertificates certificates = new TestCertificates(dir.resolve("fake.p12"), dir.resolve("trust.p12"),
                dir.resolve("fake.pem"), password);
        keytool("-genkeypair", "-alias", "fake", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", certificates.keystore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "fake", "-keystore", certificates.keystore.toString(),
                "-storepass", password, "-file", certificates.pem.toString());
        keytool("-importcert", "-noprompt", "-alias", "fake", "-file", certificates.pem.toString(),
                "-storetype", "PKCS12", "-keystore", certificates.truststore.toString(), "-storepass", password);
        return certificates;
    }

    /** JVM options that make the default TLS context trust this certificate (and only it). */
    public List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + truststore, "-Djavax.net.ssl.trustStorePassword=" + password,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        JdkProcess.Result result = JdkProcess.run(JdkProcess.tool("keytool", arguments));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + result.output());
        }
    }
}
