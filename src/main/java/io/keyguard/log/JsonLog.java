package io.keyguard.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line on standard output, which Lambda sends to CloudWatch Logs as one event. */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile PrintStream out = System.out;

    private JsonLog() {
    }

    /** The command line keeps standard output for its report and sends log lines here instead. */
    public static void redirectTo(PrintStream stream) {
        out = stream;
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

    public static void error(String message, Map<String, ?> fields) {
        write("ERROR", message, fields);
    }

    private static void write(String level, String message, Map<String, ?> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("level", level);
        line.put("message", message);
        line.putAll(fields);
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("log line could not be written as JSON", e);
        }
    }
}
