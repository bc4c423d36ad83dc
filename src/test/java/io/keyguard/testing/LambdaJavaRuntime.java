package io.keyguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lambda's java21 managed runtime started on this machine as Lambda starts it: the runtime interface client from
 * Maven Central (the dependency plugin copies it and its jars to {@link #JARS}), C1 only, serial GC, the heap of a
 * 1024 MB function, polling a {@link RuntimeApiStandIn} for its invocations and loading the function from a task
 * root laid out as Lambda unpacks a deployment package. The cold-start benchmark times it; the deployment package
 * test runs the packaged rule in it.
 */
public final class LambdaJavaRuntime {

    /** Where {@code mvn dependency:copy@lambda-runtime} puts the runtime's jars. */
    public static final Path JARS = Path.of("target/cold-start/runtime");
    public static final String FUNCTION_NAME = "keyguard-rule";
    /** 85% of 1024 MB, as the java21 runtime sizes the heap of a 1024 MB function. */
    private static final String MAX_HEAP = "-XX:MaxHeapSize=891290k";
    private static final String CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final String classpath;
    private final Path jni;

    private LambdaJavaRuntime(String classpath, Path jni) {
        this.classpath = classpath;
        this.jni = jni;
    }

    /**
     * The runtime client's JNI library for this machine, or null where it has none: the client runs on Linux only,
     * as Lambda does (glibc builds for x86-64 and arm64).
     */
    private static String nativeLibrary() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return null;
        }
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "libaws-lambda-jni.linux-x86_64.so";
            case "aarch64", "arm64" -> "libaws-lambda-jni.linux-aarch_64.so";
            default -> null;
        };
    }

    /** Why the runtime client cannot run on this machine, or null when it can. */
    public static String unsupportedHere() {
        return nativeLibrary() != null ? null : "Lambda's runtime interface client runs on Linux x86-64 and arm64"
                + " only, not " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** The runtime from its jars in {@code jars}; its JNI library is unpacked beside them. */
    public static LambdaJavaRuntime from(Path jars) throws IOException {
        String library = nativeLibrary();
        if (library == null) {
            throw new IllegalStateException(unsupportedHere());
        }
        if (!Files.isDirectory(jars)) {
            throw new IllegalStateException("no runtime jars in " + jars.toAbsolutePath()
                    + ": run mvn dependency:copy@lambda-runtime first");
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(jars)) {
            files = listed.filter(p -> p.toString().endsWith(".jar")).map(Path::toAbsolutePath).sorted().toList();
        }
        Path client = files.stream()
                .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client in " + jars));
        Path jni = jars.toAbsolutePath().resolve("jni/" + library);
        Files.createDirectories(jni.getParent());
        try (JarFile jar = new JarFile(client.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("jni/" + library))) {
            Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
        }
        return new LambdaJavaRuntime(files.stream().map(Path::toString).collect(Collectors.joining(":")), jni);
    }

    /** {@code java} with the runtime's own options, then {@code jvmOptions}, starting the client for the handler. */
    public List<String> command(String java, List<String> jvmOptions, String handler) {
        List<String> command = new ArrayList<>(List.of(java, MAX_HEAP, "-XX:+UseSerialGC", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-Djava.net.preferIPv4Stack=true",
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni));
        command.addAll(jvmOptions);
        command.addAll(List.of("-classpath", classpath, CLIENT, handler));
        return command;
    }

    /**
     * What Lambda puts in every function's environment, whatever its runtime, with the fake's region and
     * credentials, and its address as AWS_ENDPOINT_URL.
     */
    public static Map<String, String> environment(RuntimeApiStandIn api, URI endpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        env.put("AWS_REGION", FakeAws.REGION);
        env.put("AWS_DEFAULT_REGION", FakeAws.REGION);
        env.put("AWS_ACCESS_KEY_ID", FakeAws.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", FakeAws.SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", "local-session-token");
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        return env;
    }

    /** {@link #environment} and what the java21 runtime adds: the handler and the task root. */
    public static Map<String, String> javaEnvironment(RuntimeApiStandIn api, URI endpoint, String handler,
                                                      Path taskRoot) {
        Map<String, String> env = environment(api, endpoint);
        env.put("_HANDLER", handler);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        return env;
    }

    /**
     * The runtime's answer to {@code invocation}; fails at once when its init failed or the process ended, and after
     * 60 s without an answer. An answer posted to /error is returned, for the caller to judge.
     */
    public static RuntimeApiStandIn.Answer awaitAnswer(RuntimeApiStandIn.Invocation invocation, Process process,
                                                       RuntimeApiStandIn api, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            RuntimeApiStandIn.Answer answer = invocation.answer.getNow(null);
            if (answer != null) {
                return answer;
            }
            if (api.initError().isDone()) {
                throw new IllegalStateException(name + ": init failed: " + api.initError().get().body());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + ": the process ended with " + process.exitValue()
                        + " before answering");
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(name + ": no answer within 60 s");
    }

    /** Ends the runtime process: it polls for invocations until stopped, as in Lambda. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
