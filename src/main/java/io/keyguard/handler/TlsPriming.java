package io.keyguard.handler;

import io.keyguard.aws.CallLimits;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The TLS half of SnapStart priming. The rule's calls go to AWS over HTTPS, and the JDK does its first TLS handshake
 * in classes nothing else loads (the handshake messages, key exchange, certificate parsing and path validation,
 * host name checks, record encryption). So before the snapshot, priming makes one HTTPS exchange for each TLS
 * version AWS's endpoints negotiate (1.3, and 1.2 where an endpoint has no 1.3) that the JVM's TLS client enables,
 * through the SDK's URLConnection client, with a server on loopback that presents a chain shaped like AWS's
 * ({@link PrimingCertificates}).
 *
 * <p>Only loopback is reached: connections are opened without any proxy, to where {@code localhost} resolves, which
 * must be a loopback address. The rule's own HTTP clients and their TLS contexts are not touched: priming's client
 * has a context of its own, trusting the priming root alone, so no session is cached in theirs and they trust
 * nothing new. Every connection is closed before the snapshot (the server answers {@code Connection: close}).
 */
final class TlsPriming {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** How long the server waits for a connection or a read, and for its thread to stop. */
    private static final int SERVER_TIMEOUT_MILLIS = 10_000;
    /** How long a stop lets the server finish on its own, so that its side of a failure is seen before closing. */
    private static final int SERVER_GRACE_MILLIS = 1_000;
    private static final String CHECK_REVOCATION = "com.sun.net.ssl.checkRevocation";

    private TlsPriming() {
    }

    /**
     * Why the handshake cannot be primed in this JVM, or null when it can. With revocation checking turned on, the
     * client would ask the priming chain's issuer whether it was revoked, which no one can answer without the
     * network; priming skips the handshake then instead of failing the snapshot.
     */
    static String reasonToSkip() {
        return Boolean.getBoolean(CHECK_REVOCATION)
                ? CHECK_REVOCATION + " is true, and the priming chain's revocation cannot be checked offline"
                : null;
    }

    /**
     * Makes the exchanges and returns the protocol each one negotiated, in order.
     *
     * @throws IllegalStateException if the JVM's TLS client enables neither protocol, or an exchange failed (naming
     *                               the protocol, and what went wrong on each side), or negotiated another protocol
     */
    static List<String> prime() {
        PrimingCertificates certificates = PrimingCertificates.issue();
        SSLContext client = clientContext(certificates);
        List<String> enabled = Arrays.asList(client.getDefaultSSLParameters().getProtocols());
        List<String> protocols = PROTOCOLS.stream().filter(enabled::contains).toList();
        if (protocols.isEmpty()) {
            throw new IllegalStateException("The JVM's TLS client enables neither of " + PROTOCOLS + " (it enables "
                    + enabled + "), and AWS's endpoints speak nothing else");
        }
        return prime(certificates, client, protocols);
    }

    /** The exchanges with a server presenting {@code served}'s chain, from a client on {@code client}. */
    static List<String> prime(PrimingCertificates served, SSLContext client, List<String> protocols) {
        List<String> negotiated = new ArrayList<>();
        try (LoopbackServer server = LoopbackServer.start(served, protocols);
             SdkHttpClient http = UrlConnectionHttpClient.create(uri -> open(uri, client))) {
            for (String protocol : protocols) {
                String answer;
                try {
                    answer = exchange(http, server.uri(), protocol);
                } catch (IllegalStateException clientFailure) {
                    throw server.stopAfter(clientFailure);
                }
                if (!answer.equals(protocol)) {
                    throw new IllegalStateException("The priming server allowed only " + protocol
                            + ", yet the connection negotiated " + answer);
                }
                negotiated.add(answer);
            }
        }
        return negotiated;
    }

    /** A client context as the SDK's URLConnection client makes one, trusting the priming root alone. */
    static SSLContext clientContext(PrimingCertificates trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusted.clientTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not set up the priming client's TLS context: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Opens a connection as the SDK's URLConnection client does (its TLS socket factory, the rule's timeouts), but
     * never through a proxy: a proxy would have to reach back to this machine's loopback.
     */
    private static HttpURLConnection open(URI uri, SSLContext client) {
        try {
            HttpsURLConnection connection = (HttpsURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setSSLSocketFactory(client.getSocketFactory());
            connection.setConnectTimeout((int) CallLimits.PRODUCTION.connectTimeout().toMillis());
            connection.setReadTimeout((int) CallLimits.PRODUCTION.socketTimeout().toMillis());
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a priming connection to " + uri, e);
        }
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
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(request)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body))
                .build());
        try {
            HttpExecuteResponse response = call.call();
            try (InputStream answer = response.responseBody().orElse(null)) {
                int status = response.httpResponse().statusCode();
                if (status != 200 || answer == null) {
                    throw new IllegalStateException("The priming server answered " + status + " over " + protocol);
                }
                return new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("The priming exchange over " + protocol + " with " + uri + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * An HTTPS server on loopback: it accepts one connection for each protocol, in order, allowing only that protocol,
     * reads one request and answers with the protocol negotiated. When something fails on its side it closes its
     * sockets at once, so the client fails too instead of waiting for an answer.
     */
    private static final class LoopbackServer implements AutoCloseable {

        private final SSLServerSocket socket;
        private final List<String> protocols;
        private final URI uri;
        private final Thread thread;
        private volatile SSLSocket connection;
        private volatile boolean closing;
        private volatile Throwable failure;

        private LoopbackServer(SSLServerSocket socket, List<String> protocols) {
            this.socket = socket;
            this.protocols = protocols;
            this.uri = URI.create("https://" + PrimingCertificates.HOST + ":" + socket.getLocalPort() + "/");
            this.thread = new Thread(this::serve, "keyguard-tls-priming");
            thread.setDaemon(true);
        }

        static LoopbackServer start(PrimingCertificates certificates, List<String> protocols) {
            InetAddress address;
            try {
                address = InetAddress.getByName(PrimingCertificates.HOST);
            } catch (IOException e) {
                throw new IllegalStateException("Could not resolve " + PrimingCertificates.HOST + " for priming", e);
            }
            if (!address.isLoopbackAddress()) {
                throw new IllegalStateException(PrimingCertificates.HOST + " resolves to " + address
                        + ", not to a loopback address, so priming will not listen there");
            }
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(certificates.serverKeyManagers(), new TrustManager[0], null);
                SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                        address);
                socket.setSoTimeout(SERVER_TIMEOUT_MILLIS);
                LoopbackServer server = new LoopbackServer(socket, protocols);
                server.thread.start();
                return server;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("Could not start the priming server on " + address + ": "
                        + e.getMessage(), e);
            }
        }

        URI uri() {
            return uri;
        }

        private void serve() {
            try {
                for (String protocol : protocols) {
                    connection = (SSLSocket) socket.accept();
                    try (SSLSocket accepted = connection) {
                        accepted.setSoTimeout(SERVER_TIMEOUT_MILLIS);
                        accepted.setEnabledProtocols(new String[] {protocol});
                        readRequest(accepted.getInputStream());
                        byte[] body = accepted.getSession().getProtocol().getBytes(StandardCharsets.UTF_8);
                        OutputStream out = accepted.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: "
                                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                }
            } catch (Throwable e) { // recorded for stop() to report: this thread has no one else to tell
                if (!closing) { // else the sockets were closed under it, and that is all this says
                    Throwable closeFailure = closeSockets();
                    if (closeFailure != null) {
                        e.addSuppressed(closeFailure);
                    }
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

        /**
         * Stops the server after the client failed; returns the client's failure with what the server saw, if it saw
         * anything go wrong.
         */
        IllegalStateException stopAfter(IllegalStateException clientFailure) {
            Throwable serverFailure = stop();
            if (serverFailure == null) {
                return clientFailure;
            }
            IllegalStateException both = new IllegalStateException(clientFailure.getMessage()
                    + "; on the server's side: " + serverFailure, clientFailure);
            both.addSuppressed(serverFailure);
            return both;
        }

        /** Stops the server; throws what failed on its side, if anything did. */
        @Override
        public void close() {
            Throwable serverFailure = stop();
            if (serverFailure != null) {
                throw new IllegalStateException("The priming server failed: " + serverFailure, serverFailure);
            }
        }

        /**
         * Lets the thread finish (it has, once the client has every answer), closes the sockets and waits for the
         * thread to end; returns what failed on the server's side, or null.
         */
        private Throwable stop() {
            try {
                thread.join(SERVER_GRACE_MILLIS);
                closing = true;
                Throwable closeFailure = closeSockets();
                thread.join(SERVER_TIMEOUT_MILLIS);
                if (thread.isAlive()) {
                    return new IllegalStateException("The priming server's thread did not stop within "
                            + (SERVER_GRACE_MILLIS + SERVER_TIMEOUT_MILLIS) + " ms");
                }
                return failure != null ? failure : closeFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }

        /** Closes the connection and the listening socket; returns what failed to close, or null. */
        private Throwable closeSockets() {
            return close(socket, close(connection, null));
        }

        private static IOException close(Closeable open, IOException earlier) {
            if (open == null) {
                return earlier;
            }
            try {
                open.close();
                return earlier;
            } catch (IOException e) {
                if (earlier != null) {
                    earlier.addSuppressed(e);
                    return earlier;
                }
                return e;
            }
        }
    }
}
