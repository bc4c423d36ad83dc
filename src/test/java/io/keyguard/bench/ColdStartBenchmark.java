package io.keyguard.bench;

import io.keyguard.testing.FakeAws;
import io.keyguard.testing.JdkProcess;
import io.keyguard.testing.LambdaJavaRuntime;
import io.keyguard.testing.RuntimeApiStandIn;
import io.keyguard.testing.TestCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * The cold-start benchmark (run by bench/cold-start.sh; not a test). Each run starts a fresh process as
 * Lambda starts one, hands it one change event through a stand-in of the Lambda Runtime API, and measures
 * from process start to the first answer; the rule's AWS calls go to the local fake of SageMaker and
 * Config. Java runs as the java21 managed runtime runs it (the runtime interface client from Maven Central,
 * C1 only, serial GC, the deployment package as the task root); Python runs a minimal boto3 rule. The
 * variants alternate within every round so that the machine's noise falls on all of them alike.
 */
public final class ColdStartBenchmark {

    /** What is started. */
    enum Variant {
        JAVA("Java rule", "io.keyguard.handler.ConfigRuleHandler::handleRequest", "task"),
        FLOOR("Java do-nothing handler", "io.keyguard.bench.NoopHandler::handleRequest", "floor"),
        SNAPSTART("Java rule, SnapStart init", "io.keyguard.handler.ConfigRuleHandler::handleRequest", "task"),
        PYTHON("Python boto3 rule", null, null),
        /**
         * Another package of the rule, for side-by-side comparisons: the folder bench.taskB names (TASK_B in
         * bench/cold-start.sh; outside target/, which the script's build cleans), for example what
         * {@code make build-RuleFunction ARTIFACTS_DIR=...} laid out in another checkout. With bench.javaB
         * (JAVA_B_BIN) it runs on another JVM: bench.taskB=task then compares two JVMs on the same package.
         */
        JAVA_B("Java rule, build B", "io.keyguard.handler.ConfigRuleHandler::handleRequest",
                System.getProperty("bench.taskB", "task-b")),
        /** Build B with SnapStart init: priming side by side (bench.taskB, as for {@link #JAVA_B}). */
        SNAPSTART_B("Java rule, SnapStart init, B", "io.keyguard.handler.ConfigRuleHandler::handleRequest",
                System.getProperty("bench.taskB", "task-b"));

        final String label;
        final String handler;
        final String taskDir;

        Variant(String label, String handler, String taskDir) {
            this.label = label;
            this.handler = handler;
            this.taskDir = taskDir;
        }

        boolean jvm() {
            return this != PYTHON;
        }

        boolean snapStart() {
            return this == SNAPSTART || this == SNAPSTART_B;
        }

        boolean buildB() {
            return this == JAVA_B || this == SNAPSTART_B;
        }
    }

    /** One run, in nanoseconds from process start except the latencies. */
    record Run(long wallNanos, long initNanos, long firstInvokeNanos, long warmNanos, ProcessSample atAnswer) {
    }

    private static final String PUT = "StarlingDoveService.PutEvaluations";
    private static final String DESCRIBE = "SageMaker.DescribeEndpointConfig";
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path WORK = PROJECT.resolve("target/cold-start");
    private static final Path EVENT = PROJECT.resolve("events/change-noncompliant.json");
    private static final String PYTHON = System.getProperty("bench.python", "/usr/bin/python3");

    private final String java = System.getProperty("bench.java", JdkProcess.executable("java"));
    /**
     * The JVM of the B variants: bench.javaB, else the others' (bench.java). With bench.tls all trust the cacerts
     * of bench.java plus the fake's root.
     */
    private final String javaB = System.getProperty("bench.javaB", java);
    private final List<Variant> variants;
    private final int runs = Integer.getInteger("bench.runs", 10);
    private final int warmInvocations = Integer.getInteger("bench.warm", 5);
    private final long warmPauseMillis = Long.getLong("bench.pauseMs", 150);
    private final PrintStream out = System.out;
    private FakeAws aws;
    /** With bench.tls what each rule trusts: the roots it reads in production and the fake's root. */
    private Path javaTrustStore;
    private Path pythonBundle;
    private byte[] event;
    private LambdaJavaRuntime runtime;
    /** With bench.cpus, the share of a CPU each measured process gets, as Lambda allots CPU by memory. */
    private CpuLimit cpuLimit;

    private ColdStartBenchmark(List<Variant> variants) {
        this.variants = variants;
    }

    public static void main(String[] args) throws Exception {
        // The stand-in answers in two writes (headers, body); without TCP_NODELAY, Nagle's algorithm and the
        // peer's delayed ACK would add ~40 ms to every invocation of every variant.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        List<Variant> variants = Arrays.stream(System.getProperty("bench.variants", "JAVA,PYTHON,FLOOR,SNAPSTART")
                .split(",")).map(v -> Variant.valueOf(v.trim().toUpperCase(Locale.ROOT))).toList();
        new ColdStartBenchmark(variants).run();
    }

    private void run() throws Exception {
        prepare();
        Map<Variant, List<Run>> results = new EnumMap<>(Variant.class);
        String cpus = System.getProperty("bench.cpus", "");
        try (FakeAws fake = fake().withAccountState(PROJECT.resolve("events/fake-account/state.json"));
             CpuLimit limit = cpus.isBlank() ? null : CpuLimit.of(cpus)) {
            aws = fake;
            cpuLimit = limit;
            out.printf("Cold start: %d runs of %s, each with %d warm invocations; JVM %s; fake at %s; load %s%n",
                    runs, variants, warmInvocations, javaVersion(java), aws.endpoint(), loadAverage());
            if (variants.stream().anyMatch(Variant::buildB)) {
                out.printf("B variants: task root %s, JVM %s%n", WORK.resolve(Variant.JAVA_B.taskDir),
                        javaVersion(javaB));
            }
            if (limit != null) {
                out.println("CPU: " + limit.describe());
            }
            for (Variant variant : variants) {
                runOnce(variant, -1); // warm-up of the fake, the disk cache and the stand-in; not counted
            }
            for (int round = 0; round < runs; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((round + i) % variants.size());
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(runOnce(variant, round));
                }
                out.printf("  round %d/%d done%n", round + 1, runs);
            }
            report(results); // before the CPU limit's group is removed, so a failure there loses no figures
        }
        out.println("Load average at the end (1, 5, 15 min; " + Runtime.getRuntime().availableProcessors()
                + " CPUs): " + loadAverage());
    }

    /**
     * The fake over plain HTTP, or with bench.tls over HTTPS with a chain made for the run, shaped like AWS's
     * ({@link TestCertificates}). Each rule then trusts what it trusts against AWS, one root more: the Java variants
     * the started JVM's own cacerts with the fake's root added (through JAVA_TOOL_OPTIONS, as a function's
     * environment can set it), boto3 its own CA bundle with it (through AWS_CA_BUNDLE). So both read the roots they
     * read in production, validate a chain, and set up TLS as they do against AWS.
     */
    private FakeAws fake() throws IOException, InterruptedException {
        if (!Boolean.getBoolean("bench.tls")) {
            return new FakeAws();
        }
        Path dir = WORK.resolve("tls");
        try (Stream<Path> old = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        TestCertificates certificates = TestCertificates.create(Files.createDirectories(dir), "cold-start-bench");
        javaTrustStore = dir.resolve("cacerts-and-fake");
        Files.copy(Path.of(java).toRealPath().getParent().getParent().resolve("lib/security/cacerts"),
                javaTrustStore);
        JdkProcess.Result imported = JdkProcess.run(JdkProcess.tool("keytool", "-importcert", "-noprompt",
                "-alias", "keyguard-fake", "-file", certificates.pem().toString(),
                "-keystore", javaTrustStore.toString(), "-storepass", "changeit"));
        if (imported.exitCode() != 0) {
            throw new IllegalStateException("keytool could not add the fake's root: " + imported.output());
        }
        // The bundle botocore verifies with when none is configured: certifi's where installed, else its own.
        JdkProcess.Result asked = JdkProcess.run(new ProcessBuilder(PYTHON, "-c",
                "import botocore.httpsession as h; print(h.get_cert_path(True))"));
        Path bundle = Path.of(asked.output().strip().lines().reduce((first, last) -> last).orElse(""));
        if (asked.exitCode() != 0 || !Files.isRegularFile(bundle)) {
            throw new IllegalStateException("could not ask botocore for its CA bundle: " + asked.output());
        }
        pythonBundle = dir.resolve("ca-bundle-and-fake.pem");
        Files.writeString(pythonBundle, Files.readString(bundle) + "\n" + Files.readString(certificates.pem()));
        return FakeAws.overHttps(certificates.keystore(), certificates.password());
    }

    /** Other work on the machine shows here; the runs compete with it for CPU. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---- one run ------------------------------------------------------------------------------------

    private Run runOnce(Variant variant, int round) throws Exception {
        int putsBefore = aws.served(PUT);
        int describesBefore = aws.served(DESCRIBE);
        Path logs = Files.createDirectories(WORK.resolve("logs"));
        String name = variant.name().toLowerCase(Locale.ROOT) + "-" + (round < 0 ? "warmup" : String.valueOf(round));
        try (RuntimeApiStandIn api = new RuntimeApiStandIn()) {
            RuntimeApiStandIn.Invocation first = api.invoke(event);
            AtomicLong pid = new AtomicLong();
            AtomicReference<ProcessSample> atAnswer = new AtomicReference<>();
            api.onAnswer(invocation -> {
                if (invocation == first) {
                    atAnswer.set(ProcessSample.of(pid.get(), variant.jvm()));
                }
            });
            ProcessBuilder builder = new ProcessBuilder(cpuLimit == null ? command(variant)
                    : cpuLimit.wrap(command(variant)))
                    .directory(variant.taskDir == null ? PROJECT.toFile() : WORK.resolve(variant.taskDir).toFile())
                    .redirectOutput(logs.resolve(name + ".out").toFile())
                    .redirectError(logs.resolve(name + ".err").toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(variant, api));
            long start = System.nanoTime();
            Process process = builder.start();
            pid.set(process.pid());
            try {
                RuntimeApiStandIn.Answer answer = awaitAnswer(first, process, api, name);
                List<Long> warm = new ArrayList<>();
                for (int i = 0; i < warmInvocations; i++) {
                    Thread.sleep(warmPauseMillis);
                    RuntimeApiStandIn.Invocation next = api.invoke(event);
                    awaitAnswer(next, process, api, name);
                    warm.add(next.latencyNanos());
                }
                checkWork(variant, name, answer, putsBefore, describesBefore);
                long init = api.firstPoll().getNow(answer.receivedNanos()) - start;
                ProcessSample sample = atAnswer.get();
                if (variant == Variant.PYTHON) {
                    sample = new ProcessSample(sample.cpuMillis(), sample.peakRssKiB(), pythonModules(logs, name));
                }
                return new Run(answer.receivedNanos() - start, init, first.latencyNanos(), median(warm), sample);
            } finally {
                LambdaJavaRuntime.stop(process);
            }
        }
    }

    private static RuntimeApiStandIn.Answer awaitAnswer(RuntimeApiStandIn.Invocation invocation, Process process,
            RuntimeApiStandIn api, String name) throws Exception {
        RuntimeApiStandIn.Answer answer = LambdaJavaRuntime.awaitAnswer(invocation, process, api, name);
        if (answer.error()) {
            throw new IllegalStateException(name + ": the invocation failed: " + answer.body() + "; see "
                    + WORK.resolve("logs"));
        }
        return answer;
    }

    /** Every invocation must have described the config and put one evaluation, or the run measured nothing. */
    private void checkWork(Variant variant, String name, RuntimeApiStandIn.Answer answer, int putsBefore,
            int describesBefore) {
        if (variant == Variant.FLOOR) {
            return;
        }
        int invocations = 1 + warmInvocations;
        int puts = aws.served(PUT) - putsBefore;
        int describes = aws.served(DESCRIBE) - describesBefore;
        if (puts != invocations || describes != invocations || !answer.body().contains("1 evaluation(s) reported")) {
            throw new IllegalStateException(name + ": expected " + invocations + " DescribeEndpointConfig and"
                    + " PutEvaluations calls, the fake saw " + describes + " and " + puts + "; answer " + answer.body());
        }
    }

    private List<String> command(Variant variant) {
        if (variant == Variant.PYTHON) {
            return List.of(PYTHON, PROJECT.resolve("bench/python_rule.py").toString());
        }
        return runtime.command(variant.buildB() ? javaB : java, List.of(System.getProperty("bench.jvmArgs", "").split(" ")).stream()
                .filter(s -> !s.isBlank()).toList(), variant.handler);
    }

    private Map<String, String> environment(Variant variant, RuntimeApiStandIn api) {
        if (variant == Variant.PYTHON) {
            Map<String, String> env = LambdaJavaRuntime.environment(api, aws.endpoint());
            env.put("_HANDLER", "python_rule.handle");
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_python3.11");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            if (pythonBundle != null) {
                env.put("AWS_CA_BUNDLE", pythonBundle.toString());
            }
            return env;
        }
        Map<String, String> env = LambdaJavaRuntime.javaEnvironment(api, aws.endpoint(), variant.handler,
                WORK.resolve(variant.taskDir));
        if (javaTrustStore != null) {
            env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + javaTrustStore);
        }
        if (variant.snapStart()) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            env.remove("AWS_ACCESS_KEY_ID");
            env.remove("AWS_SECRET_ACCESS_KEY");
            env.remove("AWS_SESSION_TOKEN");
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://" + api.address()
                    + RuntimeApiStandIn.CREDENTIALS_PATH);
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", RuntimeApiStandIn.CREDENTIALS_TOKEN);
        }
        return env;
    }

    // ---- preparation --------------------------------------------------------------------------------

    /**
     * The task roots (the deployment package as Lambda unpacks it, which bench/cold-start.sh builds with the
     * Makefile target sam build runs), the runtime's own jars and its JNI library.
     */
    private void prepare() throws IOException {
        Path packaged = WORK.resolve("task/lib/keyguard-rule.jar");
        if (!Files.isRegularFile(packaged)) {
            throw new IllegalStateException("run bench/cold-start.sh: it builds the deployment package into "
                    + packaged.getParent().getParent() + " first");
        }
        runtime = LambdaJavaRuntime.from(LambdaJavaRuntime.JARS);
        Path noop = PROJECT.resolve("target/test-classes/io/keyguard/bench/NoopHandler.class");
        Path floor = WORK.resolve("floor/io/keyguard/bench/NoopHandler.class");
        Files.createDirectories(floor.getParent());
        Files.copy(noop, floor, StandardCopyOption.REPLACE_EXISTING);
        event = Files.readAllBytes(EVENT);
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        return JdkProcess.run(new ProcessBuilder(java, "-version")).output().lines().findFirst().orElse("?");
    }

    private static long pythonModules(Path logs, String name) {
        try {
            return Files.readAllLines(logs.resolve(name + ".err")).stream().filter(l -> l.startsWith("modules="))
                    .mapToLong(l -> Long.parseLong(l.substring("modules=".length()))).findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- report -------------------------------------------------------------------------------------

    private void report(Map<Variant, List<Run>> results) throws IOException {
        StringBuilder csv = new StringBuilder("variant,run,wall_ms,init_ms,first_invoke_ms,warm_ms,cpu_ms,peak_rss_kib,"
                + "classes_or_modules\n");
        results.forEach((variant, list) -> {
            for (int i = 0; i < list.size(); i++) {
                Run r = list.get(i);
                csv.append(String.join(",", variant.name(), String.valueOf(i), ms(r.wallNanos()), ms(r.initNanos()),
                        ms(r.firstInvokeNanos()), ms(r.warmNanos()), String.valueOf(r.atAnswer().cpuMillis()),
                        String.valueOf(r.atAnswer().peakRssKiB()), String.valueOf(r.atAnswer().classes()))).append('\n');
            }
        });
        Files.writeString(WORK.resolve("results.csv"), csv);

        out.println();
        out.printf("Medians of %d runs (wall and CPU from process start to the first answer; peak RSS and"
                + " classes/modules at that moment)%n", runs);
        out.printf("%-28s %9s %9s %12s %9s %9s %10s %9s%n", "", "wall ms", "init ms", "1st inv ms", "warm ms",
                "CPU ms", "RSS MiB", "classes");
        results.forEach((variant, list) -> out.printf("%-28s %9s %9s %12s %9s %9d %10.1f %9d%n", variant.label,
                ms(median(list, Run::wallNanos)), ms(median(list, Run::initNanos)),
                ms(median(list, Run::firstInvokeNanos)), ms(median(list, Run::warmNanos)),
                median(list, r -> r.atAnswer().cpuMillis()), median(list, r -> r.atAnswer().peakRssKiB()) / 1024.0,
                median(list, r -> r.atAnswer().classes())));
        List<Run> python = results.get(Variant.PYTHON);
        if (python != null) {
            long pythonWall = median(python, Run::wallNanos);
            for (Variant variant : results.keySet()) {
                if (variant != Variant.PYTHON) {
                    out.printf("Ratio %-26s / Python, wall: %.2f   CPU: %.2f%n", variant.label,
                            (double) median(results.get(variant), Run::wallNanos) / pythonWall,
                            (double) median(results.get(variant), r -> r.atAnswer().cpuMillis())
                                    / median(python, r -> r.atAnswer().cpuMillis()));
                }
            }
        }
        for (Variant variant : results.keySet()) {
            if (variant.snapStart()) {
                List<Run> snap = results.get(variant);
                long firstAfterPriming = median(snap, Run::firstInvokeNanos);
                long warm = median(snap, Run::warmNanos);
                out.printf("%s: first invocation after priming %s ms, warm %s ms, difference %s ms%n", variant.label,
                        ms(firstAfterPriming), ms(warm), ms(firstAfterPriming - warm));
            }
        }
        out.println("Per-run figures: " + PROJECT.relativize(WORK.resolve("results.csv")));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long median(List<Run> runs, ToLongFunction<Run> metric) {
        return median(runs.stream().map(metric::applyAsLong).toList());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
