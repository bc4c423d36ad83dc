package io.keyguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program of the JDK that runs the tests (java, keytool), started as a process of its own: for what must be seen
 * from a fresh JVM, with its own environment, system properties or class log.
 */
public final class JdkProcess {

    /** How a run ended: its exit code and what it printed (standard error included). */
    public record Result(int exitCode, String output) {
    }

    /** The JVM option that logs every class loaded to standard output, read by {@link #classesLoaded}. */
    public static final String CLASS_LOG = "-Xlog:class+load=info:stdout";

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

    /**
     * A JVM like {@link #java}'s with the environment of a Lambda function instead of the tests' AWS settings: every
     * {@code AWS_} variable removed, then the function's name and {@code variables} (region, credentials, ...) set.
     */
    public static ProcessBuilder lambdaFunction(List<String> jvmOptions, Map<String, String> variables,
                                                Class<?> mainClass, String... arguments) {
        ProcessBuilder builder = java(jvmOptions, mainClass, arguments);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "rule");
        environment.putAll(variables);
        return builder;
    }

    /** The names of the classes a JVM started with {@link #CLASS_LOG} reports loading in {@code output}, in order. */
    public static List<String> classesLoaded(List<String> output) {
        String marker = "[class,load] ";
        return output.stream()
                .filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).split(" ")[0])
                .toList();
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
     * @throws IllegalStateException when it has not ended within five minutes (far above what any of these programs
     *                               needs on a slow machine: only a hang takes that long), with what it printed
     */
    public static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // The process was killed: what it printed so far is reported below.
            }
        }, "output of " + builder.command().get(0));
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            reader.join();
            throw new IllegalStateException(String.join(" ", builder.command()) + " did not end within five minutes: "
                    + output.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /** The path of one of the running JDK's programs, such as {@code java}. */
    public static String executable(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
