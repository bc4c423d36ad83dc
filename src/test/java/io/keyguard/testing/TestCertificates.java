package io.keyguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Certificates for serving the fake over HTTPS, made with the JDK's keytool and shaped like those of AWS's endpoints:
 * a root CA, an intermediate CA and a server certificate for localhost, all RSA 2048 signed with SHA-256. The server
 * presents the whole chain (keytool completes a key's chain up to the root; AWS's servers leave the root out, and a
 * client stops at the root it trusts either way). It gives the key store the fake presents, a trust store holding
 * only the root (for a JVM's javax.net.ssl.trustStore), and the root as PEM (for other clients, such as boto3's
 * AWS_CA_BUNDLE). A client thus validates a chain, as it does against AWS, instead of trusting the server's own
 * certificate directly.
 */
public record TestCertificates(Path keystore, Path truststore, Path pem, String password) {

    private static TestCertificates shared;

    /**
     * One set for every test of a run (keytool takes seconds to make one), made in a temporary folder removed when
     * the JVM exits.
     */
    public static synchronized TestCertificates shared() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("keyguard-test-certificates");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteAll(dir)));
            shared = create(dir, "keyguard-test");
        }
        return shared;
    }

    public static TestCertificates create(Path dir, String password) throws IOException, InterruptedException {
        TestCertificates certificates = new TestCertificates(dir.resolve("fake.p12"), dir.resolve("trust.p12"),
                dir.resolve("root.pem"), password);
        String authorities = dir.resolve("authorities.p12").toString();
        Path intermediate = dir.resolve("intermediate.pem");
        Path server = dir.resolve("server.pem");
        keytool(authorities, password, "-genkeypair", "-alias", "root", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=Keyguard Test Root CA,O=Keyguard,C=US", "-ext", "bc:c",
                "-ext", "ku:c=digitalSignature,keyCertSign,cRLSign", "-validity", "2");
        keytool(authorities, password, "-genkeypair", "-alias", "intermediate", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=Keyguard Test CA,O=Keyguard,C=US", "-validity", "2");
        keytool(authorities, password, "-exportcert", "-rfc", "-alias", "root", "-file", certificates.pem.toString());
        issue(authorities, password, "root", authorities, "intermediate", intermediate,
                "-ext", "bc:c=ca:true,pathlen:0", "-ext", "ku:c=digitalSignature,keyCertSign,cRLSign",
                "-ext", "eku=serverAuth,clientAuth");

        String keystore = certificates.keystore.toString();
        keytool(keystore, password, "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2");
        issue(authorities, password, "intermediate", keystore, "fake", server,
                "-ext", "san=dns:localhost", "-ext", "ku:c=digitalSignature,keyEncipherment",
                "-ext", "eku=serverAuth,clientAuth");
        // The server's entry gets its certificate and the intermediate; keytool adds the root it finds in the store.
        keytool(keystore, password, "-importcert", "-noprompt", "-alias", "root", "-file",
                certificates.pem.toString());
        Path reply = dir.resolve("reply.pem");
        Files.writeString(reply, Files.readString(server) + Files.readString(intermediate));
        keytool(keystore, password, "-importcert", "-noprompt", "-alias", "fake", "-file", reply.toString());

        keytool(certificates.truststore.toString(), password, "-importcert", "-noprompt", "-alias", "root",
                "-file", certificates.pem.toString());
        return certificates;
    }

    private static void deleteAll(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(dir);
        } catch (IOException e) {
            System.err.println("Could not remove the test certificates in " + dir + ": " + e);
        }
    }

    /** JVM options that make the default TLS context trust this root (and only it). */
    public List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + truststore, "-Djavax.net.ssl.trustStorePassword=" + password,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** Signs the request of {@code alias} in {@code store} with {@code issuer}'s key, writing the certificate. */
    private static void issue(String issuerStore, String password, String issuer, String store, String alias,
                              Path certificate, String... extensions) throws IOException, InterruptedException {
        Path request = certificate.resolveSibling(alias + ".csr");
        keytool(store, password, "-certreq", "-alias", alias, "-file", request.toString());
        List<String> arguments = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", issuer,
                "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", "2"));
        arguments.addAll(List.of(extensions));
        keytool(issuerStore, password, arguments.toArray(String[]::new));
    }

    private static void keytool(String store, String password, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(arguments));
        if (command.contains("-genkeypair") || command.contains("-gencert")) {
            command.addAll(List.of("-sigalg", "SHA256withRSA")); // as AWS's certificates; keytool's default varies
        }
        command.addAll(List.of("-storetype", "PKCS12", "-keystore", store, "-storepass", password));
        JdkProcess.Result result = JdkProcess.run(JdkProcess.tool("keytool", command.toArray(String[]::new)));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", command) + " failed: " + result.output());
        }
    }
}
