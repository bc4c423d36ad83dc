package io.keyguard.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/** An SDK HTTP client that keeps the body of every request it passes on to another client. */
public final class RecordingHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;
    private final List<String> bodies = new ArrayList<>();

    public RecordingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** The request bodies, in order. */
    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        byte[] body = request.contentStreamProvider().map(p -> read(p.newStream())).orElse(new byte[0]);
        synchronized (this) {
            bodies.add(new String(body, StandardCharsets.UTF_8));
        }
        return delegate.prepareRequest(HttpExecuteRequest.builder().request(request.httpRequest())
                .contentStreamProvider(() -> new ByteArrayInputStream(body)).build());
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
