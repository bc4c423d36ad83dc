package io.keyguard.handler;

import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.log.JsonLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming: before Lambda takes the snapshot, run the rule's whole path once (read an event through
 * the stream entry point with a time budget from its context, describe the config, describe its KMS key,
 * decide, put the evaluation) so that the classes are loaded and the code compiled in the snapshot, and the
 * first real invocation after a restore runs about as fast as a warm one.
 *
 * <p>Then {@link TlsPriming} runs the JDK's TLS handshake, which the canned answers skip, against a server on
 * loopback (unless the JVM checks certificate revocation, which cannot be done offline; the log line says so).
 *
 * <p>AWS is never called: the path runs on separate clients, built by {@link AwsClients} with the production
 * {@link CallLimits}, whose HTTP client answers with canned responses ({@link CannedAwsHttpClient}), with
 * placeholder credentials and a TESTMODE result token. The rule's real clients and their credentials are
 * untouched, so nothing stale is captured in the snapshot.
 */
final class SnapStartPriming implements Resource {

    /** What the priming run's context says is left: the template's Timeout, so the budget is the real one. */
    private static final int REMAINING_MILLIS = 300_000;
    /** The calls of a change evaluation under the default parameters, in order. */
    static final List<String> CALLS = List.of(CannedAwsHttpClient.DESCRIBE, CannedAwsHttpClient.DESCRIBE_KEY,
            CannedAwsHttpClient.PUT);

    /** A change of a config with a KMS key, as AWS Config sends it; the canned Describe answers for it. */
    private static final String EVENT = """
            {"version":"1.0","invokingEvent":"{\\"configurationItem\\":{\\"configurationItemStatus\\":\\"OK\\",\
            \\"resourceType\\":\\"AWS::SageMaker::EndpointConfig\\",\\"resourceId\\":\
            \\"arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/keyguard-priming\\",\
            \\"resourceName\\":\\"keyguard-priming\\",\\"configurationItemCaptureTime\\":\\"2026-01-01T00:00:00.000Z\\"},\
            \\"messageType\\":\\"ConfigurationItemChangeNotification\\"}","ruleParameters":"{}",\
            "resultToken":"TESTMODE","eventLeftScope":false,"configRuleName":"keyguard-priming",\
            "accountId":"000000000000"}""";

    /** Registers the priming with the runtime when Lambda initializes a SnapStart snapshot, else does nothing. */
    static SnapStartPriming registerIfSnapStart() {
        if (!LambdaEnvironment.snapStart()) {
            return null;
        }
        SnapStartPriming priming = new SnapStartPriming();
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        List<String> calls = prime();
        String tlsSkipped = TlsPriming.reasonToSkip();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cannedCalls", calls);
        if (tlsSkipped == null) {
            fields.put("tlsHandshakes", TlsPriming.prime());
        } else {
            fields.put("tlsHandshakes", List.of());
            fields.put("tlsSkipped", tlsSkipped + "; the first HTTPS call after each restore does the handshake");
        }
        fields.put("millis", (System.nanoTime() - start) / 1_000_000);
        if (tlsSkipped == null) {
            JsonLog.info("primed before the SnapStart snapshot", fields);
        } else {
            JsonLog.warn("primed before the SnapStart snapshot", fields);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the real clients resolve credentials per call and were never used in priming.
    }

    /**
     * Runs the rule once against canned AWS answers and returns the operations answered, in order.
     *
     * @throws IllegalStateException if the path did not make exactly the calls of a change evaluation
     */
    static List<String> prime() {
        return prime(new CannedAwsHttpClient());
    }

    static List<String> prime(CannedAwsHttpClient canned) {
        String region = System.getenv("AWS_REGION");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (AwsClients clients = AwsClients.create(region == null ? Region.US_EAST_1 : Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKEYGUARDPRIMING", "priming")),
                canned, CallLimits.PRODUCTION)) {
            ConfigRuleHandler handler = new ConfigRuleHandler(clients);
            JsonLog.discardWhile(() -> {
                try {
                    handler.handleRequest(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), answer,
                            new FixedTimeContext(REMAINING_MILLIS));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        List<String> calls = canned.answered();
        if (!calls.equals(CALLS)) {
            throw new IllegalStateException("Priming expected " + CALLS + ", made " + calls);
        }
        return calls;
    }
}
