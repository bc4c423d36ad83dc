package io.keyguard.log;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** One JSON object per line on standard output, which Lambda sends to CloudWatch Logs as one event. */
public final class JsonLog {

    private static volatile PrintStream out = System.out;

    private JsonLog() {
    }

    /**
     * The command line keeps standard output for its report and sends log lines here instead.
     *
     * @return where lines went until now, so a caller can put it back
     */
    public static PrintStream redirectTo(PrintStream stream) {
        PrintStream previous = out;
        out = stream;
        return previous;
    }

    /** Runs {@code action} with log lines discarded, then restores the destination. */
    public static synchronized void discardWhile(Runnable action) {
        PrintStream previous = out;
        out = new PrintStream(OutputStream.nullOutputStream());
        try {
            action.run();
        } finally {
            out = previous;
        }
    }

    public static void info(String message, Map<String, ?> fields) {
        write("INFO", message, fields);
    }

    public static void warn(String message, Map<String, ?> fields) {
        write("WARN", message, fields);
    }

    public static void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private static void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("message", message);
        line.putAll(fields);
        JsonWriter writer = JsonWriter.create();
        writeValue(writer, line);
        out.println(new String(writer.getBytes(), StandardCharsets.UTF_8));
    }

    /** Maps, collections, numbers and booleans as JSON; anything else as its string form. */
    private static void writeValue(JsonWriter writer, Object value) {
        if (value == null) {
            writer.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            writer.writeStartObject();
            map.forEach((key, v) -> {
                writer.writeFieldName(String.valueOf(key));
                writeValue(writer, v);
            });
            writer.writeEndObject();
        } else if (value instanceof Collection<?> collection) {
            writer.writeStartArray();
            collection.forEach(v -> writeValue(writer, v));
            writer.writeEndArray();
        } else if (value instanceof Boolean b) {
            writer.writeValue(b);
        } else if (value instanceof Long || value instanceof Integer) {
            writer.writeValue(((Number) value).longValue());
        } else if (value instanceof Number number) {
            writer.writeNumber(number.toString());
        } else {
            writer.writeValue(value.toString());
        }
    }
}
