package io.keyguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures the rule's JSON log lines while open; restores their earlier destination when closed. */
public final class LogCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream previous;

    public LogCapture() {
        previous = JsonLog.redirectTo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Every line, parsed: each must be one JSON object. */
    public List<JsonNode> lines() {
        return text().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON log line: " + line, e);
            }
        }).toList();
    }

    public List<JsonNode> lines(String message) {
        return lines().stream().filter(l -> message.equals(l.path("message").asText())).toList();
    }

    @Override
    public void close() {
        JsonLog.redirectTo(previous);
    }
}
