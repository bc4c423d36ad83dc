package io.keyguard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stand-in for the Lambda Runtime API on loopback, enough for one runtime process: it hands out the
 * invocations queued with {@link #invoke}, and records when each answer arrives. The runtime interface
 * client and the Python rule poll it exactly as they poll Lambda's own endpoint.
 */
public final class RuntimeApiStandIn implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime";
    public static final String CREDENTIALS_PATH = "/2021-04-23/credentials";
    public static final String CREDENTIALS_TOKEN = "runtime-stand-in-credentials-token";

    /** One invocation: when it was handed out, and its answer (body and the time it arrived). */
    public static final class Invocation {
        final String requestId;
        final byte[] event;
        public final CompletableFuture<Answer> answer = new CompletableFuture<>();
        volatile long handedOutNanos;

        Invocation(String requestId, byte[] event) {
            this.requestId = requestId;
            this.event = event;
        }

        /** Time from handing out the event to receiving the answer. */
        public long latencyNanos() {
            return answer.join().receivedNanos() - handedOutNanos;
        }
    }

    /** What the runtime posted: {@code error} is true for /error and /init/error. */
    public record Answer(long receivedNanos, boolean error, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final List<Invocation> all = new ArrayList<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<Answer> initError = new CompletableFuture<>();
    private volatile Consumer<Invocation> onAnswer = i -> { };

    public RuntimeApiStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(PREFIX + "/invocation/", this::invocation);
        server.createContext(PREFIX + "/init/error", exchange -> {
            initError.complete(new Answer(System.nanoTime(), true, body(exchange)));
            respond(exchange, 202, "{}");
        });
        // Lambda serves SnapStart functions their credentials from a local endpoint instead of variables.
        server.createContext(CREDENTIALS_PATH, exchange -> {
            boolean authorized = CREDENTIALS_TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, authorized ? 200 : 401, authorized ? "{\"AccessKeyId\":\"ASIABENCHSNAPSTART01\","
                    + "\"SecretAccessKey\":\"bench-secret\",\"Token\":\"bench-session-token\",\"Expiration\":\""
                    + java.time.Instant.now().plusSeconds(3600) + "\"}" : "{}");
        });
        // The runtime calls it after its beforeCheckpoint hooks (SnapStart), then goes on polling.
        server.createContext(PREFIX + "/restore/next", exchange -> respond(exchange, 200, ""));
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; the runtime receives it on its next poll. */
    public synchronized Invocation invoke(byte[] event) {
        Invocation invocation = new Invocation("req-" + (all.size() + 1), event);
        all.add(invocation);
        pending.add(invocation);
        return invocation;
    }

    /** Called on the server thread as soon as an answer arrives, before anything else is done with it. */
    public void onAnswer(Consumer<Invocation> callback) {
        this.onAnswer = callback;
    }

    /** When the runtime first asked for an invocation: its init phase is over. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    public CompletableFuture<Answer> initError() {
        return initError;
    }

    private void invocation(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String rest = path.substring((PREFIX + "/invocation/").length());
        if ("GET".equals(exchange.getRequestMethod()) && "next".equals(rest)) {
            next(exchange);
            return;
        }
        int slash = rest.indexOf('/');
        String requestId = slash < 0 ? rest : rest.substring(0, slash);
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        String body = body(exchange);
        long now = System.nanoTime();
        Invocation invocation = find(requestId);
        if (invocation == null || !("response".equals(kind) || "error".equals(kind))) {
            respond(exchange, 404, "{\"errorMessage\":\"unknown request " + requestId + "\"}");
            return;
        }
        Answer answer = new Answer(now, "error".equals(kind), body);
        invocation.answer.complete(answer);
        onAnswer.accept(invocation);
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation;
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 500, "");
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                String.valueOf(System.currentTimeMillis() + 300_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:" + LambdaJavaRuntime.FUNCTION_NAME);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-5f84c7a1-3c5a4b2e1f0e9d8c7b6a5f4e;Parent=53995c3f42cd8ad8;Sampled=0");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        invocation.handedOutNanos = System.nanoTime();
        exchange.sendResponseHeaders(200, invocation.event.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event);
        }
    }

    private synchronized Invocation find(String requestId) {
        return all.stream().filter(i -> i.requestId.equals(requestId)).findFirst().orElse(null);
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
