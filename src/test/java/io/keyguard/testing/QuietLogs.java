package io.keyguard.testing;

import io.keyguard.log.JsonLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Holds the rule's JSON log lines that each test (and each test class's set-up) provokes, and prints them only when
 * that test or class fails, so a green run is quiet and a red one shows the failing test's own log. Registered for
 * every engine (Jupiter and jqwik) through the JUnit Platform's service loader.
 */
public final class QuietLogs implements TestExecutionListener {

    /** One buffer per test or container being run, innermost last; tests run one at a time in this suite. */
    private final Deque<Buffer> running = new ArrayDeque<>();
    private PrintStream original;

    private record Buffer(ByteArrayOutputStream bytes, PrintStream stream) {
        static Buffer open() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new Buffer(bytes, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        Buffer buffer = Buffer.open();
        PrintStream previous = JsonLog.redirectTo(buffer.stream());
        if (running.isEmpty()) {
            original = previous;
        }
        running.push(buffer);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Buffer buffer = running.poll();
        if (buffer == null) {
            return;
        }
        JsonLog.redirectTo(running.isEmpty() ? original : running.peek().stream());
        String lines = buffer.bytes().toString(StandardCharsets.UTF_8);
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && !lines.isEmpty()) {
            System.out.println("---- log lines of " + test.getDisplayName() + " (" + result.getStatus() + ")");
            System.out.print(lines);
            System.out.println("---- end of log lines of " + test.getDisplayName());
        }
    }
}
