package io.keyguard.handler;

import io.keyguard.app.EndpointConfigRuleService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.log.JsonLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SnapStart priming, before Lambda takes the snapshot: the rule's whole path once (an event read, a config described,
 * its key described, decided, the evaluation put) on canned answers ({@link CannedAwsHttpClient}: AWS is not
 * called, the rule's own clients are not touched), so the classes are loaded and the code compiled in the snapshot;
 * then one real HTTPS call that needs no permission, sts:GetCallerIdentity, so the first call after a restore does
 * not also pay for loading and compiling the JDK's TLS handshake.
 */
final class SnapStartPriming implements Resource {

    /** A change of a config with a KMS key, as AWS Config sends it; the canned answers are for it. */
    private static final byte[] EVENT = """
            {"version":"1.0","invokingEvent":"{\\"configurationItem\\":{\\"configurationItemStatus\\":\\"OK\\",\
            \\"resourceType\\":\\"AWS::SageMaker::EndpointConfig\\",\\"resourceId\\":\
            \\"arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/keyguard-priming\\",\
            \\"resourceName\\":\\"keyguard-priming\\",\\"configurationItemCaptureTime\\":\\"2026-01-01T00:00:00.000Z\\"},\
            \\"messageType\\":\\"ConfigurationItemChangeNotification\\"}","ruleParameters":"{}",\
            "resultToken":"TESTMODE","eventLeftScope":false,"configRuleName":"keyguard-priming",\
            "accountId":"000000000000"}""".getBytes(StandardCharsets.UTF_8);

    /** Registers the priming when Lambda initializes a SnapStart snapshot, else does nothing. */
    static SnapStartPriming registerIfSnapStart(LambdaEnvironment environment) {
        if (!environment.snapStart()) {
            return null;
        }
        SnapStartPriming priming = new SnapStartPriming();
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /**
     * An unreachable STS never fails the snapshot: the warm-up only saves the first call's handshake. The canned
     * evaluation does fail it, since it needs no network and fails only on a defect in the rule's own path, which is
     * better found when the version is published than at its first evaluation.
     */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cannedCalls", prime());
        fields.put("tlsWarmUp", warmTls());
        fields.put("millis", (System.nanoTime() - start) / 1_000_000);
        JsonLog.info("primed before the SnapStart snapshot", fields);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: the rule's clients resolve credentials per call and were never used in priming.
    }

    /** Runs a change evaluation on canned answers; returns the operations answered, in order. */
    static List<String> prime() {
        CannedAwsHttpClient canned = new CannedAwsHttpClient();
        prime(canned);
        return canned.answered();
    }

    /**
     * The change evaluation on clients built as the rule's are, on {@code http}, with placeholder credentials. Priming
     * runs only in Lambda's init phase, so it reads the process's own environment.
     */
    static void prime(SdkHttpClient http) {
        LambdaEnvironment environment = LambdaEnvironment.fromSystem();
        String region = environment.variable("AWS_REGION");
        try (AwsClients clients = AwsClients.create(region == null ? Region.US_EAST_1 : Region.of(region),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDKEYGUARDPRIMING", "priming")),
                http, CallLimits.PRODUCTION)) {
            EndpointConfigRuleService rule = new EndpointConfigRuleService(clients, 1, environment);
            TimeBudget asInLambda = ConfigRuleHandler.budgetFor(Duration.ofMinutes(5));
            JsonLog.discardWhile(() -> rule.handle(EVENT, asInLambda, null));
        }
    }

    /**
     * sts:GetCallerIdentity (allowed to every identity) to the Region's STS endpoint, on a connection closed after it,
     * so no socket outlives the snapshot.
     *
     * @return what was done, or why not (the first HTTPS call after a restore then does the handshake)
     */
    static String warmTls() {
        long start = System.nanoTime();
        LambdaEnvironment environment = LambdaEnvironment.fromSystem();
        try (StsClient sts = StsClient.builder().region(AwsClients.environmentRegion(environment))
                .credentialsProvider(AwsClients.environmentCredentials(environment)).httpClient(AwsClients.httpClient())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new CloseConnection())).build()) {
            sts.getCallerIdentity();
            return "sts:GetCallerIdentity in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        } catch (RuntimeException e) {
            return "skipped: sts:GetCallerIdentity failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")";
        }
    }

    private static final class CloseConnection implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(software.amazon.awssdk.core.interceptor.Context.ModifyHttpRequest
                                                        request, ExecutionAttributes attributes) {
            return request.httpRequest().toBuilder().putHeader("Connection", "close").build();
        }
    }
}
