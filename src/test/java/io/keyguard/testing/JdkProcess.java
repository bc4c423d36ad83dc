package io.keyguard.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of the JDK that runs the tests (java, keytool), started as a process of its own: for what must be seen
 * from a fresh JVM, with its own environment, system properties or class log.
 */
public final class JdkProcess {

    /** How a run ended: its exit code and what it printed (standard error included). */
    public record Result(int exitCode, String output) {
    }

    private JdkProcess() {
    }

    /** A JVM on the tests' class path running {@code mainClass}; the caller may still change its environment. */
    public static ProcessBuilder java(List<String> jvmOptions, Class<?> mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable("java")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command);
    }

    /** Another of the JDK's tools, such as keytool. */
    public static ProcessBuilder tool(String name, String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable(name)));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command);
    }

    /**
     * Runs {@code builder} to its end, its standard error merged into the output.
     *
     * @throws IllegalStateException when it has not ended within a minute
     */
    public static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", builder.command()) + " did not end within a minute: "
                    + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** The path of one of the running JDK's programs, such as {@code java}. */
    public static String executable(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
