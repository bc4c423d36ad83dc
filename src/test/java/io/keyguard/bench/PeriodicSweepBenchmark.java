package io.keyguard.bench;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.log.JsonLog;
import io.keyguard.sdk.sagemaker.SageMakerClient;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.FixedTimeContext;
import io.keyguard.testing.RuleFunction;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;

/**
 * The periodic sweep over a large account, against the local fake with a chosen latency and throttling:
 * prints, per account size, the configs, the calls per operation, the wall time and the heap the sweep needed.
 * Run on demand (docs/benchmarks.md), never by the test suite:
 *
 * <pre>mvn -B -q test-compile exec:java@bench-sweep -Dbench.configs=1000,10000 -Dbench.latencyMs=20</pre>
 *
 * <p>Properties: {@code bench.configs} (comma-separated account sizes), {@code bench.latencyMs},
 * {@code bench.concurrency} (comma-separated), {@code bench.repeat} (sweeps per row, the median shown; 3),
 * {@code bench.retry} ({@code shipped}, or for comparison {@code adaptive} or {@code standard}, see
 * {@link #clients}), {@code bench.throttleShare} (a share of SageMaker calls answered ThrottlingException) or
 * {@code bench.throttleRate} (SageMaker calls per second above which it throttles).
 */
public final class PeriodicSweepBenchmark {

    /** Distinct KMS keys across the account: configs share keys, as teams share a few per environment. */
    private static final int KEYS = 20;
    private static final String SAGEMAKER = "SageMaker.";
    private static final List<String> OPERATIONS = List.of("SageMaker.ListEndpointConfigs",
            "SageMaker.DescribeEndpointConfig", "TrentService.DescribeKey",
            "StarlingDoveService.GetComplianceDetailsByConfigRule", "StarlingDoveService.PutEvaluations");

    private PeriodicSweepBenchmark() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = integers(System.getProperty("bench.configs", "1000,10000"));
        List<Integer> concurrencies = integers(System.getProperty("bench.concurrency", "8"));
        Duration latency = Duration.ofMillis(Long.parseLong(System.getProperty("bench.latencyMs", "20")));
        String retry = System.getProperty("bench.retry", "shipped");
        double throttleShare = Double.parseDouble(System.getProperty("bench.throttleShare", "0"));
        double throttleRate = Double.parseDouble(System.getProperty("bench.throttleRate", "0"));
        int repeat = Integer.parseInt(System.getProperty("bench.repeat", "3"));
        if (!List.of("shipped", "adaptive", "standard").contains(retry)) {
            throw new IllegalArgumentException("bench.retry must be shipped, adaptive or standard, not " + retry);
        }
        String throttling = throttleShare > 0 ? String.format(Locale.ROOT, "%.0f%% of SageMaker calls", throttleShare * 100)
                : throttleRate > 0 ? String.format(Locale.ROOT, "SageMaker above %.0f/s", throttleRate) : "none";
        JsonLog.redirectTo(new PrintStream(OutputStream.nullOutputStream()));

        System.out.printf("Periodic sweep against the local fake: latency %d ms, retry %s, throttling %s, max heap %d MB,"
                + " %d processors; each row the median of %d sweeps%n%n", latency.toMillis(), retry, throttling,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), repeat);
        System.out.println("| configs | concurrency | wall time | List | Describe | DescribeKey | GetCompliance"
                + " | PutEvaluations | throttled | heap used, peak | live after GC, peak | reported | failed | deferred |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
                + " ---: |");
        for (int configs : sizes) {
            for (int concurrency : concurrencies) {
                List<Sweep> sweeps = new ArrayList<>();
                for (int i = 0; i < repeat; i++) {
                    try (FakeAws aws = account(configs, latency, throttleShare, throttleRate)) {
                        sweeps.add(run(aws, configs, concurrency, retry));
                    }
                }
                sweeps.sort(Comparator.comparingDouble(Sweep::seconds));
                System.out.println(sweeps.get(sweeps.size() / 2).row() + (repeat == 1 ? "" : " sweeps: "
                        + sweeps.stream().map(w -> String.format(Locale.ROOT, "%.1f s", w.seconds())).toList()));
            }
        }
    }

    /** One sweep's wall time and its table row. */
    private record Sweep(double seconds, String row) {
    }

    /** One sweep; the heap figure is the most the heap grew above what the fake and the JVM held before it. */
    private static Sweep run(FakeAws aws, int configs, int concurrency, String retry) {
        RuleFunction handler = new RuleFunction(clients(aws, retry), concurrency);
        ConfigEvent event = scheduledEvent();
        HeapWatch heap = HeapWatch.start();
        long started = System.nanoTime();
        EvaluationRun run = handler.evaluateAndReport(event, new FixedTimeContext(900_000, FakeAws.FUNCTION_ARN));
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] heapFigures = heap.stop();

        Map<String, Long> calls = aws.callCounts();
        long throttled = aws.throttledCounts().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d | %d | %.1f s |", configs, concurrency,
                seconds));
        for (String operation : OPERATIONS) {
            row.append(String.format(Locale.ROOT, " %,d |", calls.getOrDefault(operation, 0L)));
        }
        row.append(String.format(Locale.ROOT, " %,d | %d MB | %d MB (%d GCs) | %,d | %,d | %,d |", throttled,
                heapFigures[0] >> 20, heapFigures[1] >> 20, heapFigures[2], run.evaluations().size(),
                run.failures().size(), run.deferred().size()));
        return new Sweep(seconds, row.toString());
    }

    /**
     * An account of {@code configs} endpoint configs: half use one of {@value #KEYS} customer-managed keys, a
     * quarter an AWS-managed alias, a quarter no key; every config has an earlier result, and 1% of earlier
     * results belong to configs deleted since, as in an account evaluated every day.
     */
    private static FakeAws account(int configs, Duration latency, double throttleShare, double throttleRate) {
        FakeAws aws = new FakeAws(false);
        for (int k = 0; k < KEYS; k++) {
            aws.withKey(FakeAws.keyArnOf(String.format("00000000-0000-4000-8000-%012d", k)), true, "Enabled", true);
        }
        for (int i = 0; i < configs; i++) {
            String name = String.format("model-%05d", i);
            String key = switch (i % 4) {
                case 0, 1 -> FakeAws.keyArnOf(String.format("00000000-0000-4000-8000-%012d", (i / 4) % KEYS));
                case 2 -> "alias/aws/sagemaker";
                default -> null;
            };
            aws.withEndpointConfig(name, key);
            aws.withEarlierResult(FakeAws.arnOf(name), key == null ? "NON_COMPLIANT" : "COMPLIANT");
        }
        for (int i = 0; i < configs / 100; i++) {
            aws.withEarlierResult(FakeAws.arnOf(String.format("deleted-%05d", i)), "COMPLIANT");
        }
        aws.withLatency(latency);
        if (throttleShare > 0) {
            aws.throttleShare(SAGEMAKER, throttleShare);
        }
        if (throttleRate > 0) {
            aws.throttleRate(SAGEMAKER, throttleRate);
        }
        return aws;
    }

    /**
     * The shipped clients, or for comparison SageMaker with the SDK's adaptive mode (a client-side rate limiter)
     * or its standard mode as the other clients use it (five attempts, circuit breaker on).
     */
    private static AwsClients clients(FakeAws aws, String retry) {
        AwsClients shipped = aws.clients();
        if ("shipped".equals(retry)) {
            return shipped;
        }
        SageMakerClient sageMaker = SageMakerClient.builder().region(Region.of(FakeAws.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(FakeAws.ACCESS_KEY_ID, FakeAws.SECRET_ACCESS_KEY)))
                .endpointOverride(aws.endpoint()).httpClient(AwsClients.httpClient())
                .overrideConfiguration("adaptive".equals(retry) ? ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(CallLimits.PRODUCTION.attemptTimeout())
                        .apiCallTimeout(CallLimits.PRODUCTION.callTimeout())
                        .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                                .maxAttempts(CallLimits.PRODUCTION.maxAttempts()).build())
                        .build() : AwsClients.overrideConfiguration())
                .build();
        return new AwsClients(sageMaker, shipped.config(), shipped.kms(), shipped.endpointOverride());
    }

    /** The scheduled notification AWS Config sends for a periodic run, in test mode. */
    private static ConfigEvent scheduledEvent() {
        ConfigEvent event = new ConfigEvent();
        event.setVersion("1.0");
        event.setInvokingEvent("{\"awsAccountId\":\"" + FakeAws.ACCOUNT + "\",\"notificationCreationTime\":"
                + "\"2026-11-24T09:00:00.000Z\",\"messageType\":\"ScheduledNotification\",\"recordVersion\":\"1.0\"}");
        event.setRuleParameters("{}");
        event.setResultToken("TESTMODE");
        event.setConfigRuleName("sagemaker-endpoint-config-cmk");
        event.setAccountId(FakeAws.ACCOUNT);
        return event;
    }

    private static List<Integer> integers(String list) {
        List<Integer> values = new ArrayList<>();
        Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).forEach(values::add);
        return values;
    }

    /**
     * Heap during a sweep, above what the JVM and the fake held just before it (after a full GC): the peak of
     * heap in use, polled every few milliseconds (garbage included, so it depends on the heap size), and the
     * peak of heap still in use after each collection (what the sweep actually kept alive).
     */
    private static final class HeapWatch implements Runnable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Set<String> heapPools = new HashSet<>();
        private final long baseline;
        private final AtomicLong peakUsed;
        private final AtomicLong peakLive;
        private final AtomicLong collections = new AtomicLong();
        private final List<Runnable> unsubscribe = new ArrayList<>();
        private volatile boolean watching = true;
        private final Thread thread = new Thread(this, "heap-watch");

        private HeapWatch() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            peakUsed = new AtomicLong(baseline);
            peakLive = new AtomicLong(baseline);
            ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .forEach(p -> heapPools.add(p.getName()));
            NotificationListener afterCollection = (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcInfo();
                    long live = info.getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
                    peakLive.accumulateAndGet(live, Math::max);
                    collections.incrementAndGet();
                }
            };
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                NotificationEmitter emitter = (NotificationEmitter) collector;
                emitter.addNotificationListener(afterCollection, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(afterCollection);
                    } catch (ListenerNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.thread.setDaemon(true);
            watch.thread.start();
            return watch;
        }

        @Override
        public void run() {
            while (watching) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops watching; returns {peak used, peak live after GC, collections}, heap figures above the baseline. */
        long[] stop() {
            watching = false;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unsubscribe.forEach(Runnable::run);
            return new long[] {peakUsed.get() - baseline, peakLive.get() - baseline, collections.get()};
        }
    }
}
