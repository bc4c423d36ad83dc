package io.keyguard.handler;

import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The TLS half of SnapStart priming. The rule's calls go to AWS over HTTPS, and the JDK does its first TLS handshake
 * in classes nothing else loads (the handshake messages, key exchange, certificate parsing and path validation,
 * host name checks, record encryption). So before the snapshot, priming makes one HTTPS exchange for each TLS
 * version AWS's endpoints negotiate (1.3, and 1.2 where an endpoint has no 1.3). It uses an HTTP client built as
 * the rule's ({@link AwsClients#httpClient(CallLimits, software.amazon.awssdk.http.TlsTrustManagersProvider)}), and
 * talks to a server on loopback that presents a chain shaped like AWS's ({@link PrimingCertificates}).
 *
 * <p>Only loopback is reached. The rule's own HTTP clients and their TLS contexts are not touched: no session is
 * cached in them, and they trust nothing new. Every connection is closed before the snapshot (the server answers
 * {@code Connection: close}).
 */
final class TlsPriming {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** How long the server waits for a connection or a read; priming never waits for longer. */
    private static final int SERVER_TIMEOUT_MILLIS = 10_000;

    private TlsPriming() {
    }

    /**
     * Makes the exchanges and returns the protocol each one negotiated, in order.
     *
     * @throws IllegalStateException if an exchange failed or negotiated another protocol than the one asked for
     */
    static List<String> prime() {
        PrimingCertificates certificates = PrimingCertificates.issue();
        List<String> negotiated = new ArrayList<>();
        try (LoopbackServer server = LoopbackServer.start(certificates);
             SdkHttpClient http = AwsClients.httpClient(CallLimits.PRODUCTION, certificates::clientTrustManagers)) {
            for (String protocol : PROTOCOLS) {
                String answer = exchange(http, server.uri(), protocol);
                if (!answer.equals(protocol)) {
                    throw new IllegalStateException("The priming handshake offered " + protocol + " negotiated "
                            + answer);
                }
                negotiated.add(answer);
            }
        }
        return negotiated;
    }

    /** One POST as the SDK sends it; returns the protocol the server says the connection negotiated. */
    private static String exchange(SdkHttpClient http, URI uri, String protocol) {
        byte[] body = ("{\"Priming\":\"" + protocol + "\"}").getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "KeyguardPriming.Handshake")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
                    .build()).call();
            if (response.httpResponse().statusCode() != 200 || response.responseBody().isEmpty()) {
                throw new IllegalStateException("The priming server answered " + response.httpResponse().statusCode()
                        + " over " + protocol);
            }
            try (InputStream answer = response.responseBody().get()) {
                return new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalStateException("The priming exchange over " + protocol + " with " + uri + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * An HTTPS server on loopback for {@link #PROTOCOLS}: it accepts one connection for each, in order, allowing only
     * that protocol, reads one request and answers with the protocol negotiated. What fails on its side is thrown
     * from {@link #close()} (added to the client's exception when that failed too).
     */
    private static final class LoopbackServer implements AutoCloseable {

        private final SSLServerSocket socket;
        private final URI uri;
        private final Thread thread;
        private volatile boolean closing;
        private volatile Exception failure;

        private LoopbackServer(SSLServerSocket socket) {
            this.socket = socket;
            this.uri = URI.create("https://" + PrimingCertificates.HOST + ":" + socket.getLocalPort() + "/");
            this.thread = new Thread(this::serve, "keyguard-tls-priming");
            thread.setDaemon(true);
        }

        static LoopbackServer start(PrimingCertificates certificates) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(certificates.serverKeyManagers(), new TrustManager[0], null);
                // Bound where the client's host name resolves, so the exchange never leaves this machine.
                SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                        InetAddress.getByName(PrimingCertificates.HOST));
                socket.setSoTimeout(SERVER_TIMEOUT_MILLIS);
                LoopbackServer server = new LoopbackServer(socket);
                server.thread.start();
                return server;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("Could not start the priming server on loopback: " + e.getMessage(),
                        e);
            }
        }

        URI uri() {
            return uri;
        }

        private void serve() {
            try {
                for (String protocol : PROTOCOLS) {
                    try (SSLSocket connection = (SSLSocket) socket.accept()) {
                        connection.setSoTimeout(SERVER_TIMEOUT_MILLIS);
                        connection.setEnabledProtocols(new String[] {protocol});
                        readRequest(connection.getInputStream());
                        byte[] body = connection.getSession().getProtocol().getBytes(StandardCharsets.UTF_8);
                        OutputStream out = connection.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: "
                                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    failure = e;
                }
            }
        }

        /** Reads the request line, the headers and a body of Content-Length bytes. */
        private static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("The priming request ended inside its headers");
                }
                head.write(next);
                matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            if (in.readNBytes(length).length != length) {
                throw new IOException("The priming request ended inside its body");
            }
        }

        /** Stops the server; once the client has every answer, the server has nothing left but closing. */
        @Override
        public void close() {
            try {
                closing = true;
                socket.close();
                thread.join(SERVER_TIMEOUT_MILLIS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping the priming server", e);
            }
            if (failure != null) {
                throw new IllegalStateException("The priming server failed: " + failure.getMessage(), failure);
            }
        }
    }
}
