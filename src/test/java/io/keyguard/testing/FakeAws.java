package io.keyguard.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.global.GlobalSettings;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local fake of the AWS APIs the rule and the remediation call (the JSON APIs of SageMaker, AWS Config and
 * KMS, and STS's Query API), served over HTTP by WireMock so the real SDK clients talk to it. JSON requests are
 * dispatched on {@code X-Amz-Target}, STS requests on their form's {@code Action}, answered from in-memory state,
 * and kept in WireMock's journal so tests can assert exactly what AWS would have received.
 */
public final class FakeAws implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "AKIDFAKEFAKEFAKE0001";
    public static final String SECRET_ACCESS_KEY = "fake-secret-Zq8vK2mW9xL4pR7tY1nB";

    /**
     * Production's retry strategy with millisecond backoff, so a fault that outlasts the retries fails in a few
     * milliseconds instead of twenty seconds. The timeouts are far above what any machine needs for a call to the
     * fake: on the fake's clients they elapse only when a test makes them ({@link #hangNext}), and the socket
     * timeouts, which the JDK times itself, never cut off a slow start.
     */
    public static final CallLimits TEST_LIMITS = new CallLimits(Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofSeconds(30), Duration.ofSeconds(300), CallLimits.PRODUCTION.maxAttempts(), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(8));
    /** {@link #TEST_LIMITS} with no retry: where one request must mean one attempt, whatever the machine. */
    public static final CallLimits ONE_ATTEMPT = new CallLimits(TEST_LIMITS.connectTimeout(),
            TEST_LIMITS.socketTimeout(), TEST_LIMITS.attemptTimeout(), TEST_LIMITS.callTimeout(), 1,
            TEST_LIMITS.baseDelay(), TEST_LIMITS.throttlingBaseDelay(), TEST_LIMITS.maxBackoff());
    /** The rule function, as Lambda names it in the invocation's context. */
    public static final String FUNCTION_ARN = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:keyguard-rule";
    /** The rule function's role session, as STS names the caller signed with {@link #ACCESS_KEY_ID}. */
    public static final String FUNCTION_SESSION = "keyguard-rule-function";
    public static final String FUNCTION_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/keyguard-rule-RuleFunctionRole";
    public static final String FUNCTION_SESSION_ARN = "arn:aws:sts::" + ACCOUNT
            + ":assumed-role/keyguard-rule-RuleFunctionRole/" + FUNCTION_SESSION;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final SimulatedNetwork network;
    /** Times the calls of every client this fake hands out; see {@link #hangNext}. */
    private final ManualTimeouts timeouts = new ManualTimeouts();
    /** By lowercased name, kept sorted so a listing page costs a page, not a sort of the account. */
    private final Map<String, ObjectNode> endpointConfigs = new ConcurrentSkipListMap<>();
    /** By resource id, in the order recorded (a replaced result moves to the end). */
    private final Map<String, ObjectNode> earlierResults = new LinkedHashMap<>();
    private final Map<String, Deque<Injected>> injected = new ConcurrentHashMap<>();
    private final Map<String, Integer> putFailuresByResource = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> kmsKeysByArn = new ConcurrentHashMap<>();
    private final Map<String, String> keyArnByReference = new ConcurrentHashMap<>();
    private final Map<String, Boolean> rotationByKeyArn = new ConcurrentHashMap<>();
    private final Map<String, String> kmsDenied = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tagsByArn = new ConcurrentHashMap<>();
    private final Map<String, String> accessKeyIdByAssumableRole = new ConcurrentHashMap<>();
    private final Set<String> throttledConfigs = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Integer> updatingDescribesLeft = new ConcurrentHashMap<>();
    private volatile int describesWhileUpdating = 1;
    private volatile boolean updatesRollBack;

    /** When Config "recorded" each result put outside TestMode: one second apart, in put order. */
    private final AtomicLong recordedClock = new AtomicLong(1763700000L);

    /** SageMaker's pattern for endpoint config names (API Reference, EndpointConfigSummary). */
    private static final Pattern ENDPOINT_CONFIG_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    /**
     * A canned answer that replaces the next answer(s) for one operation: an error, a network fault, the real
     * answer after a delay, or a 200 whose body is not JSON.
     */
    private record Injected(int status, String errorType, String message, Fault fault, boolean hang,
                            boolean malformedBody) {
        static Injected error(int status, String errorType, String message) {
            return new Injected(status, errorType, message, null, false, false);
        }
    }

    public FakeAws() {
        this(true);
    }

    /**
     * @param keepRequests false for long benchmark runs: requests are then counted (see {@link #callCounts()}),
     *                     not kept, and delays are served without holding a server thread
     */
    public FakeAws(boolean keepRequests) {
        this(wireMockConfig().dynamicPort(), keepRequests);
    }

    /**
     * The fake over HTTPS only, presenting the certificate in {@code keystore} (PKCS12, one key entry whose
     * password is the store's).
     */
    public static FakeAws overHttps(Path keystore, String password) {
        return new FakeAws(wireMockConfig().httpDisabled(true).httpsPort(0).keystoreType("PKCS12")
                .keystorePath(keystore.toString()).keystorePassword(password).keyManagerPassword(password), true);
    }

    private FakeAws(WireMockConfiguration configuration, boolean keepRequests) {
        network = new SimulatedNetwork();
        configuration.bindAddress("127.0.0.1").extensions(new Dispatcher());
        if (!keepRequests) {
            configuration.disableRequestJournal().asynchronousResponseEnabled(true).asynchronousResponseThreads(8)
                    .containerThreads(100);
        }
        server = new WireMockServer(configuration);
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /**
     * Real SDK clients, configured as in production (retries, backoff, call and attempt timeouts) but pointed at this
     * fake, with the socket timeouts of {@link #TEST_LIMITS}: the JDK times those itself, and a slow machine must not
     * turn a call into a retry.
     */
    public AwsClients clients() {
        CallLimits production = CallLimits.PRODUCTION;
        return clients(new CallLimits(TEST_LIMITS.connectTimeout(), TEST_LIMITS.socketTimeout(),
                production.attemptTimeout(), production.callTimeout(), production.maxAttempts(), production.baseDelay(),
                production.throttlingBaseDelay(), production.maxBackoff()));
    }

    /**
     * Real SDK clients with other timeouts and backoff (test-sized, so exhausting retries takes milliseconds). Their
     * call and attempt timeouts elapse only when a test makes them ({@link #hangNext}).
     */
    public AwsClients clients(CallLimits limits) {
        return AwsClients.create(Region.of(REGION), StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)), endpoint(), limits, timeouts::install);
    }

    /** The timeouts the clients asked for, in order: what a call was allowed, as the SDK was told. */
    public List<Duration> timeoutsScheduled() {
        return timeouts.scheduled();
    }

    // ---- state -------------------------------------------------------------------------------------

    public static String arnOf(String endpointConfigName) {
        return "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":endpoint-config/"
                + endpointConfigName.toLowerCase(Locale.ROOT);
    }

    /** Adds a config as DescribeEndpointConfig returns it (the ARN and creation time are filled in if absent). */
    public FakeAws withEndpointConfig(ObjectNode describeResponse) {
        String name = describeResponse.path("EndpointConfigName").asText();
        if (!describeResponse.has("EndpointConfigArn")) {
            describeResponse.put("EndpointConfigArn", arnOf(name));
        }
        if (!describeResponse.has("CreationTime")) {
            describeResponse.put("CreationTime", 1763624000.0 + endpointConfigs.size());
        }
        endpointConfigs.put(name.toLowerCase(Locale.ROOT), describeResponse);
        return this;
    }

    /** A config with one instance variant and, when {@code kmsKeyId} is not null, a top-level key. */
    public FakeAws withEndpointConfig(String name, String kmsKeyId) {
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", name);
        ArrayNode variants = config.putArray("ProductionVariants");
        variants.addObject().put("VariantName", "AllTraffic").put("ModelName", name + "-model")
                .put("InitialInstanceCount", 1).put("InstanceType", "ml.m5.large");
        if (kmsKeyId != null) {
            config.put("KmsKeyId", kmsKeyId);
        }
        return withEndpointConfig(config);
    }

    /** An earlier result of the rule, as GetComplianceDetailsByConfigRule lists it. */
    public FakeAws withEarlierResult(String resourceId, String complianceType) {
        return withEarlierResult(resourceId, complianceType, Instant.ofEpochSecond(1763600000L));
    }

    /** An earlier result recorded by Config at {@code recordedAt} (replacing any earlier one for the resource). */
    public FakeAws withEarlierResult(String resourceId, String complianceType, Instant recordedAt) {
        return withEarlierResult("AWS::SageMaker::EndpointConfig", resourceId, complianceType, recordedAt);
    }

    private FakeAws withEarlierResult(String resourceType, String resourceId, String complianceType,
                                      Instant recordedAt) {
        ObjectNode result = JSON.createObjectNode().put("ComplianceType", complianceType);
        ObjectNode identifier = result.putObject("EvaluationResultIdentifier");
        identifier.putObject("EvaluationResultQualifier").put("ResourceType", resourceType)
                .put("ResourceId", resourceId).put("ConfigRuleName", "any").put("EvaluationMode", "DETECTIVE");
        identifier.put("OrderingTimestamp", recordedAt.getEpochSecond() - 60.0);
        result.put("ResultRecordedTime", recordedAt.getEpochSecond() + recordedAt.getNano() / 1e9);
        result.put("ConfigRuleInvokedTime", recordedAt.getEpochSecond() - 1.0);
        synchronized (earlierResults) {
            earlierResults.remove(resourceId);
            earlierResults.put(resourceId, result);
        }
        return this;
    }

    /** When Config recorded the rule's latest result for the resource, or null when it has none. */
    public Instant recordedAt(String resourceId) {
        synchronized (earlierResults) {
            ObjectNode result = earlierResults.get(resourceId);
            return result == null ? null
                    : Instant.ofEpochMilli(Math.round(result.path("ResultRecordedTime").asDouble() * 1000));
        }
    }

    /** The ARN of a key in the fake's account and region. */
    public static String keyArnOf(String keyId) {
        return keyArnOf(ACCOUNT, keyId);
    }

    public static String keyArnOf(String account, String keyId) {
        return "arn:aws:kms:" + REGION + ":" + account + ":key/" + keyId;
    }

    /**
     * Adds a KMS key that DescribeKey finds by key ARN, by key id (own account only), and by each alias name
     * ({@code alias/x}, own account only) and alias ARN.
     *
     * @param keyState     Enabled, Disabled, PendingDeletion, ...
     * @param rotation     what GetKeyRotationStatus answers; null makes it answer UnsupportedOperationException
     */
    public FakeAws withKey(String keyArn, boolean customerManaged, String keyState, Boolean rotation, String... aliases) {
        String[] parts = keyArn.split(":");
        String account = parts[4];
        String keyId = parts[5].substring("key/".length());
        ObjectNode metadata = JSON.createObjectNode().put("AWSAccountId", account).put("KeyId", keyId)
                .put("Arn", keyArn).put("CreationDate", 1700000000.0).put("Enabled", "Enabled".equals(keyState))
                .put("KeyUsage", "ENCRYPT_DECRYPT").put("KeyState", keyState).put("Origin", "AWS_KMS")
                .put("KeyManager", customerManaged ? "CUSTOMER" : "AWS").put("KeySpec", "SYMMETRIC_DEFAULT")
                .put("MultiRegion", false);
        if ("PendingDeletion".equals(keyState)) {
            metadata.put("DeletionDate", 1767225600.0); // 2026-01-01T00:00:00Z
            metadata.put("PendingDeletionWindowInDays", 7);
        }
        kmsKeysByArn.put(keyArn, metadata);
        keyArnByReference.put(keyArn, keyArn);
        if (account.equals(ACCOUNT)) {
            keyArnByReference.put(keyId, keyArn);
        }
        for (String alias : aliases) {
            keyArnByReference.put("arn:aws:kms:" + REGION + ":" + account + ":" + alias, keyArn);
            if (account.equals(ACCOUNT)) {
                keyArnByReference.put(alias, keyArn);
            }
        }
        if (rotation != null) {
            rotationByKeyArn.put(keyArn, rotation);
        }
        return this;
    }

    /** KMS answers AccessDeniedException to {@code operation} (e.g. TrentService.DescribeKey) for this reference. */
    public FakeAws denyKms(String operation, String keyReference) {
        kmsDenied.put(operation + "|" + keyReference, keyReference);
        return this;
    }

    public FakeAws withTags(String endpointConfigArn, Map<String, String> tags) {
        tagsByArn.put(endpointConfigArn, Map.copyOf(tags));
        return this;
    }

    public static String endpointArnOf(String endpointName) {
        return "arn:aws:sagemaker:" + REGION + ":" + ACCOUNT + ":endpoint/" + endpointName.toLowerCase(Locale.ROOT);
    }

    /** An endpoint running on {@code endpointConfigName}, in {@code status} (InService, Updating, Failed, ...). */
    public FakeAws withEndpoint(String name, String endpointConfigName, String status) {
        ObjectNode endpoint = JSON.createObjectNode().put("EndpointName", name).put("EndpointArn", endpointArnOf(name))
                .put("EndpointConfigName", endpointConfigName).put("EndpointStatus", status)
                .put("CreationTime", 1763700000.0).put("LastModifiedTime", 1763700000.0);
        if ("Failed".equals(status)) {
            endpoint.put("FailureReason", "Model container failed its health check.");
        }
        endpoints.put(name.toLowerCase(Locale.ROOT), endpoint);
        return this;
    }

    /** After UpdateEndpoint, the endpoint answers Updating to this many DescribeEndpoint calls, then InService. */
    public FakeAws updatesFinishAfterDescribes(int describes) {
        describesWhileUpdating = describes;
        return this;
    }

    /** Updates end as a failed blue/green deployment does: back InService on the config they started from. */
    public FakeAws updatesRollBack() {
        updatesRollBack = true;
        return this;
    }

    /** An endpoint as DescribeEndpoint would show it now, or null. */
    public JsonNode endpoint(String name) {
        return endpoints.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean hasEndpointConfig(String name) {
        return endpointConfigs.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Loads the offline account used by the local run: {@code endpointConfigs} and {@code earlierResults}. */
    public FakeAws withAccountState(Path stateFile) {
        try {
            JsonNode state = JSON.readTree(Files.readString(stateFile));
            for (JsonNode config : state.path("endpointConfigs")) {
                withEndpointConfig((ObjectNode) config.deepCopy());
            }
            for (JsonNode key : state.path("kmsKeys")) {
                List<String> aliases = new ArrayList<>();
                key.path("Aliases").forEach(a -> aliases.add(a.asText()));
                withKey(key.path("Arn").asText(), "CUSTOMER".equals(key.path("KeyManager").asText()),
                        key.path("KeyState").asText(), key.path("KeyRotationEnabled").asBoolean(),
                        aliases.toArray(String[]::new));
            }
            for (JsonNode endpoint : state.path("endpoints")) {
                withEndpoint(endpoint.path("EndpointName").asText(), endpoint.path("EndpointConfigName").asText(),
                        endpoint.path("EndpointStatus").asText());
            }
            for (JsonNode result : state.path("earlierResults")) {
                withEarlierResult(result.path("resourceId").asText(), result.path("complianceType").asText());
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * STS lets the caller assume {@code roleArn} and hands out credentials with this access key id; any other
     * role is refused with AccessDenied, as STS answers for a missing role or one whose trust policy does not
     * name the caller.
     */
    public FakeAws withAssumableRole(String roleArn, String accessKeyId) {
        accessKeyIdByAssumableRole.put(roleArn, accessKeyId);
        return this;
    }

    // ---- a busy network ------------------------------------------------------------------------------

    /** Every answer arrives {@code latency} after its request, as from a service across a network. */
    public FakeAws withLatency(Duration latency) {
        server.updateGlobalSettings(GlobalSettings.builder().fixedDelay((int) latency.toMillis()).build());
        return this;
    }

    /** That share of the calls to operations starting with {@code targetPrefix} answer ThrottlingException. */
    public FakeAws throttleShare(String targetPrefix, double fraction) {
        network.throttleShare(targetPrefix, fraction);
        return this;
    }

    /** Calls to operations starting with {@code targetPrefix} above {@code perSecond} answer ThrottlingException. */
    public FakeAws throttleRate(String targetPrefix, double perSecond) {
        network.throttleRate(targetPrefix, perSecond);
        return this;
    }

    /** How many calls of each operation arrived (as {@link #targetsCalled()} names them), throttled ones too. */
    public Map<String, Long> callCounts() {
        return network.calls();
    }

    /** How many calls of each operation {@link #throttleShare} or {@link #throttleRate} answered ThrottlingException. */
    public Map<String, Long> throttledCounts() {
        return network.throttled();
    }

    // ---- faults ------------------------------------------------------------------------------------

    /** The next {@code times} calls of {@code target} (e.g. SageMaker.DescribeEndpointConfig) answer an error. */
    public FakeAws failNext(String target, int times, int status, String errorType, String message) {
        return inject(target, times, Injected.error(status, errorType, message));
    }

    /** The next {@code times} calls of {@code target} end with a network fault. */
    public FakeAws faultNext(String target, int times, Fault fault) {
        return inject(target, times, new Injected(0, null, null, fault, false, false));
    }

    /**
     * The next {@code times} calls of {@code target} get no answer in time: the caller's earliest timeout elapses
     * (its attempt's, or its call's when that comes first), as it would while the answer never came. Driven, not
     * raced: the timeout surely elapses, and no other call times out. The fake still acts on the request (as AWS
     * may have), only the answer is lost.
     */
    public FakeAws hangNext(String target, int times) {
        return inject(target, times, new Injected(0, null, null, null, true, false));
    }

    /** The next {@code times} calls of {@code target} answer HTTP 200 with a body that is not valid JSON. */
    public FakeAws malformedBodyNext(String target, int times) {
        return inject(target, times, new Injected(0, null, null, null, false, true));
    }

    /** Forgets every injected answer not used yet. */
    public FakeAws clearInjected() {
        injected.clear();
        return this;
    }

    private FakeAws inject(String target, int times, Injected answer) {
        for (int i = 0; i < times; i++) {
            injected.computeIfAbsent(target, t -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    /**
     * Every DescribeEndpointConfig of this config answers ThrottlingException, whichever thread asks and in
     * whatever order: a fault tied to one resource, for runs that describe several configs at once.
     */
    public FakeAws throttleEveryDescribeOf(String endpointConfigName) {
        throttledConfigs.add(endpointConfigName.toLowerCase(Locale.ROOT));
        return this;
    }

    /** PutEvaluations lists this resource in FailedEvaluations for its next {@code times} puts. */
    public FakeAws rejectEvaluationOf(String resourceId, int times) {
        putFailuresByResource.put(resourceId, times);
        return this;
    }

    // ---- what the fake received --------------------------------------------------------------------

    public List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate())).toList();
    }

    /** The JSON bodies of the requests for {@code target}, in the order they arrived. */
    public List<JsonNode> bodies(String target) {
        return requests().stream().filter(r -> target.equals(r.getHeader("X-Amz-Target")))
                .map(r -> readTree(r.getBodyAsString())).toList();
    }

    /**
     * Every operation called: the X-Amz-Target of JSON-protocol requests (e.g. SageMaker.DescribeEndpointConfig),
     * and {@code STS.<Action>} for STS, whose Query protocol names the action in the form body.
     */
    public Set<String> targetsCalled() {
        Set<String> targets = new TreeSet<>();
        requests().forEach(r -> targets.add(operationOf(r)));
        return targets;
    }

    /** The form parameters of each STS request, in the order they arrived. */
    public List<Map<String, String>> stsRequests() {
        return requests().stream().filter(r -> r.getHeader("X-Amz-Target") == null)
                .map(r -> formParameters(r.getBodyAsString())).toList();
    }

    /** How each request for {@code operation} (as {@link #targetsCalled()} names it) was signed. */
    public List<SigningScope> signingOf(String operation) {
        return requests().stream().filter(r -> operation.equals(operationOf(r)))
                .map(r -> SigningScope.of(r.getHeader("Authorization"))).toList();
    }

    /**
     * The credential scope of a SigV4 signature: {@code AWS4-HMAC-SHA256 Credential=<access key id>/<date>/
     * <region>/<service>/aws4_request, ...}.
     */
    public record SigningScope(String accessKeyId, String region, String service) {
        static SigningScope of(String authorization) {
            int start = authorization.indexOf("Credential=") + "Credential=".length();
            String[] scope = authorization.substring(start, authorization.indexOf(',', start)).split("/");
            return new SigningScope(scope[0], scope[2], scope[3]);
        }
    }

    private static String operationOf(Request request) {
        String target = request.getHeader("X-Amz-Target");
        return target != null ? target : "STS." + formParameters(request.getBodyAsString()).get("Action");
    }

    private static Map<String, String> formParameters(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** Every evaluation put, across all PutEvaluations calls, in order. */
    public List<JsonNode> evaluationsPut() {
        List<JsonNode> evaluations = new ArrayList<>();
        bodies("StarlingDoveService.PutEvaluations").forEach(b -> b.path("Evaluations").forEach(evaluations::add));
        return evaluations;
    }

    /** How many requests for {@code target} reached the fake (every attempt counts, answered or not). */
    public int served(String target) {
        return network.calls().getOrDefault(target, 0L).intValue();
    }

    public void resetRequests() {
        server.resetRequests();
        network.reset();
    }

    @Override
    public void close() {
        server.stop();
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the API -----------------------------------------------------------------------------------

    private final class Dispatcher implements ResponseDefinitionTransformerV2 {

        @Override
        public String getName() {
            return "fake-aws-json";
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            if (network.throttles(operationOf(serveEvent.getRequest()))) {
                return error(400, "ThrottlingException", "Rate exceeded");
            }
            String target = serveEvent.getRequest().getHeader("X-Amz-Target");
            Deque<Injected> queue = target == null ? null : injected.get(target);
            Injected fault = queue == null ? null : queue.poll();
            if (fault != null && fault.hang()) {
                // Answered, but marked: the caller's clients make its timeout elapse before reading the answer.
                return ResponseDefinitionBuilder.like(serve(target, readTree(serveEvent.getRequest().getBodyAsString())))
                        .withHeader(ManualTimeouts.TOO_LATE, "true").build();
            }
            if (fault != null) {
                return answer(fault);
            }
            if (target == null) {
                return sts(formParameters(serveEvent.getRequest().getBodyAsString()));
            }
            return serve(target, readTree(serveEvent.getRequest().getBodyAsString()));
        }

        private ResponseDefinition serve(String target, JsonNode body) {
            return switch (target) {
                case "SageMaker.DescribeEndpointConfig" -> describeEndpointConfig(body);
                case "SageMaker.ListEndpointConfigs" -> listEndpointConfigs(body);
                case "StarlingDoveService.PutEvaluations" -> putEvaluations(body);
                case "StarlingDoveService.GetComplianceDetailsByConfigRule" -> complianceDetails(body);
                case "SageMaker.ListTags" -> listTags(body);
                case "SageMaker.CreateEndpointConfig" -> createEndpointConfig(body);
                case "SageMaker.DeleteEndpointConfig" -> deleteEndpointConfig(body);
                case "SageMaker.ListEndpoints" -> listEndpoints(body);
                case "SageMaker.DescribeEndpoint" -> describeEndpoint(body);
                case "SageMaker.UpdateEndpoint" -> updateEndpoint(body);
                case "TrentService.DescribeKey" -> describeKey(body);
                case "TrentService.GetKeyRotationStatus" -> keyRotationStatus(body);
                default -> error(400, "UnknownOperationException", "The fake does not serve " + target);
            };
        }

        private ResponseDefinition describeEndpointConfig(JsonNode request) {
            String name = request.path("EndpointConfigName").asText();
            if (!ENDPOINT_CONFIG_NAME.matcher(name).matches()) {
                return error(400, "ValidationException", "1 validation error detected: Value '" + name
                        + "' at 'endpointConfigName' failed to satisfy constraint: Member must satisfy regular"
                        + " expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
            }
            if (throttledConfigs.contains(name.toLowerCase(Locale.ROOT))) {
                return error(400, "ThrottlingException", "Rate exceeded");
            }
            ObjectNode config = endpointConfigs.get(name.toLowerCase(Locale.ROOT));
            if (config == null) {
                return error(400, "ValidationException",
                        "Could not find endpoint configuration \"" + arnOf(name) + "\".");
            }
            return json(config);
        }

        private ResponseDefinition listEndpointConfigs(JsonNode request) {
            return page(request, "MaxResults", new ArrayList<>(endpointConfigs.values()), "EndpointConfigs",
                    config -> JSON.createObjectNode()
                            .put("EndpointConfigName", config.path("EndpointConfigName").asText())
                            .put("EndpointConfigArn", config.path("EndpointConfigArn").asText())
                            .set("CreationTime", config.path("CreationTime")));
        }

        /**
         * One page of {@code items} under {@code listField}, sized by the request's {@code sizeField} (10 when
         * absent or 0, as AWS does), with the next offset as NextToken while more remain.
         */
        private <T> ResponseDefinition page(JsonNode request, String sizeField, List<T> items, String listField,
                                            Function<T, JsonNode> summary) {
            int size = request.path(sizeField).asInt(0) == 0 ? 10 : request.path(sizeField).asInt();
            int start = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
            ObjectNode response = JSON.createObjectNode();
            ArrayNode page = response.putArray(listField);
            items.subList(Math.min(start, items.size()), Math.min(items.size(), start + size))
                    .forEach(item -> page.add(summary.apply(item)));
            if (start + size < items.size()) {
                response.put("NextToken", String.valueOf(start + size));
            }
            return json(response);
        }

        /** Outside TestMode, Config records each accepted evaluation as the rule's latest result. */
        private ResponseDefinition putEvaluations(JsonNode request) {
            ObjectNode response = JSON.createObjectNode();
            ArrayNode failed = response.putArray("FailedEvaluations");
            boolean testMode = request.path("TestMode").asBoolean(false);
            for (JsonNode evaluation : request.path("Evaluations")) {
                String id = evaluation.path("ComplianceResourceId").asText();
                Integer remaining = putFailuresByResource.get(id);
                if (remaining != null && remaining > 0) {
                    putFailuresByResource.put(id, remaining - 1);
                    failed.add(evaluation);
                } else if (!testMode) {
                    withEarlierResult(evaluation.path("ComplianceResourceType").asText(), id,
                            evaluation.path("ComplianceType").asText(),
                            Instant.ofEpochSecond(recordedClock.incrementAndGet()));
                }
            }
            return json(response);
        }

        private ResponseDefinition complianceDetails(JsonNode request) {
            Set<String> wanted = new TreeSet<>();
            request.path("ComplianceTypes").forEach(t -> wanted.add(t.asText()));
            List<ObjectNode> matching;
            synchronized (earlierResults) {
                matching = earlierResults.values().stream()
                        .filter(r -> wanted.isEmpty() || wanted.contains(r.path("ComplianceType").asText()))
                        .toList();
            }
            return page(request, "Limit", matching, "EvaluationResults", result -> result);
        }

        private ResponseDefinition listTags(JsonNode request) {
            ObjectNode response = JSON.createObjectNode();
            ArrayNode tags = response.putArray("Tags");
            tagsByArn.getOrDefault(request.path("ResourceArn").asText(), Map.of())
                    .forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
            return json(response);
        }

        private ResponseDefinition createEndpointConfig(JsonNode request) {
            String name = request.path("EndpointConfigName").asText();
            if (endpointConfigs.containsKey(name.toLowerCase(Locale.ROOT))) {
                return error(400, "ValidationException",
                        "Cannot create already existing endpoint configuration \"" + arnOf(name) + "\".");
            }
            ObjectNode config = request.deepCopy();
            config.remove("Tags");
            withEndpointConfig(config);
            Map<String, String> tags = new LinkedHashMap<>();
            request.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
            tagsByArn.put(arnOf(name), tags);
            return json(JSON.createObjectNode().put("EndpointConfigArn", arnOf(name)));
        }

        private ResponseDefinition deleteEndpointConfig(JsonNode request) {
            String name = request.path("EndpointConfigName").asText();
            if (endpointConfigs.remove(name.toLowerCase(Locale.ROOT)) == null) {
                return error(400, "ValidationException",
                        "Could not find endpoint configuration \"" + arnOf(name) + "\".");
            }
            return json(JSON.createObjectNode());
        }

        private ResponseDefinition listEndpoints(JsonNode request) {
            List<ObjectNode> all = new ArrayList<>(endpoints.values());
            all.sort((a, b) -> a.path("EndpointName").asText().compareTo(b.path("EndpointName").asText()));
            return page(request, "MaxResults", all, "Endpoints", endpoint -> {
                ObjectNode summary = JSON.createObjectNode();
                for (String field : List.of("EndpointName", "EndpointArn", "CreationTime", "LastModifiedTime",
                        "EndpointStatus")) {
                    summary.set(field, endpoint.get(field));
                }
                return summary;
            });
        }

        /** An updating endpoint settles on its new config once its DescribeEndpoint budget is spent. */
        private ResponseDefinition describeEndpoint(JsonNode request) {
            String name = request.path("EndpointName").asText();
            ObjectNode endpoint = endpoints.get(name.toLowerCase(Locale.ROOT));
            if (endpoint == null) {
                return error(400, "ValidationException", "Could not find endpoint \"" + endpointArnOf(name) + "\".");
            }
            if (endpoint.has("PendingDeploymentSummary")) {
                int left = updatingDescribesLeft.merge(name.toLowerCase(Locale.ROOT), -1, Integer::sum);
                if (left < 0) {
                    if (!updatesRollBack) {
                        endpoint.set("EndpointConfigName",
                                endpoint.path("PendingDeploymentSummary").get("EndpointConfigName"));
                    }
                    endpoint.remove("PendingDeploymentSummary");
                    endpoint.put("EndpointStatus", "InService");
                }
            }
            return json(endpoint);
        }

        private ResponseDefinition updateEndpoint(JsonNode request) {
            String name = request.path("EndpointName").asText();
            String configName = request.path("EndpointConfigName").asText();
            ObjectNode endpoint = endpoints.get(name.toLowerCase(Locale.ROOT));
            if (endpoint == null) {
                return error(400, "ValidationException", "Could not find endpoint \"" + endpointArnOf(name) + "\".");
            }
            if (!endpointConfigs.containsKey(configName.toLowerCase(Locale.ROOT))) {
                return error(400, "ValidationException",
                        "Could not find endpoint configuration \"" + arnOf(configName) + "\".");
            }
            if (!"InService".equals(endpoint.path("EndpointStatus").asText())) {
                return error(400, "ValidationException", "Cannot update in-progress endpoint \""
                        + endpointArnOf(name) + "\".");
            }
            endpoint.put("EndpointStatus", "Updating");
            endpoint.putObject("PendingDeploymentSummary").put("EndpointConfigName", configName)
                    .put("StartTime", 1763800000.0);
            updatingDescribesLeft.put(name.toLowerCase(Locale.ROOT), describesWhileUpdating);
            return json(JSON.createObjectNode().put("EndpointArn", endpointArnOf(name)));
        }

        private ResponseDefinition describeKey(JsonNode request) {
            String reference = request.path("KeyId").asText();
            if (kmsDenied.containsKey("TrentService.DescribeKey|" + reference)) {
                return error(400, "AccessDeniedException", "User: arn:aws:sts::" + ACCOUNT + ":assumed-role/rule"
                        + " is not authorized to perform: kms:DescribeKey on resource: " + reference
                        + " because no resource-based policy allows the kms:DescribeKey action");
            }
            String keyArn = keyArnByReference.get(reference);
            if (keyArn == null) {
                return error(400, "NotFoundException", "Key '" + reference + "' does not exist");
            }
            ObjectNode response = JSON.createObjectNode();
            response.set("KeyMetadata", kmsKeysByArn.get(keyArn));
            return json(response);
        }

        private ResponseDefinition keyRotationStatus(JsonNode request) {
            String reference = request.path("KeyId").asText();
            if (kmsDenied.containsKey("TrentService.GetKeyRotationStatus|" + reference)) {
                return error(400, "AccessDeniedException", "not authorized to perform: kms:GetKeyRotationStatus");
            }
            String keyArn = keyArnByReference.get(reference);
            if (keyArn == null || reference.contains("alias/")) {
                return error(400, "NotFoundException", "Key '" + reference + "' does not exist");
            }
            Boolean rotation = rotationByKeyArn.get(keyArn);
            if (rotation == null) {
                return error(400, "UnsupportedOperationException", keyArn + " origin is EXTERNAL which is not valid"
                        + " for this operation.");
            }
            return json(JSON.createObjectNode().put("KeyId", keyArn).put("KeyRotationEnabled", rotation));
        }

        /** STS speaks the Query protocol: form-encoded requests, XML answers. */
        private ResponseDefinition sts(Map<String, String> request) {
            String action = request.get("Action");
            if ("GetCallerIdentity".equals(action)) {
                return xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<GetCallerIdentityResult><Arn>" + FUNCTION_SESSION_ARN + "</Arn><UserId>AROAFAKE:"
                        + FUNCTION_SESSION + "</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                        + "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
            }
            if (!"AssumeRole".equals(action)) {
                return xml(400, stsError("InvalidAction", "The fake does not serve STS action " + action));
            }
            String roleArn = request.get("RoleArn");
            String accessKeyId = accessKeyIdByAssumableRole.get(roleArn);
            if (accessKeyId == null) {
                return xml(403, stsError("AccessDenied", "User: " + FUNCTION_SESSION_ARN + " is not authorized to"
                        + " perform: sts:AssumeRole on resource: " + roleArn));
            }
            String expiration = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString();
            return xml(200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<AssumedRoleUser><Arn>" + roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
                    + "/" + request.get("RoleSessionName") + "</Arn><AssumedRoleId>AROAMEMBER:"
                    + request.get("RoleSessionName") + "</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>"
                    + accessKeyId + "</AccessKeyId><SecretAccessKey>member-secret</SecretAccessKey><SessionToken>"
                    + "member-session-token</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>"
                    + "</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>");
        }

        private String stsError(String code, String message) {
            return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>"
                    + code + "</Code><Message>" + message + "</Message></Error><RequestId>fake</RequestId></ErrorResponse>";
        }

        private ResponseDefinition xml(int status, String body) {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "text/xml")
                    .withBody(body).build();
        }

        private ResponseDefinition answer(Injected injected) {
            if (injected.fault() != null) {
                return new ResponseDefinitionBuilder().withFault(injected.fault()).build();
            }
            if (injected.malformedBody()) {
                return new ResponseDefinitionBuilder().withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"truncated\": [1, 2").build();
            }
            return error(injected.status(), injected.errorType(), injected.message());
        }

        private ResponseDefinition json(JsonNode body) {
            return new ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body.toString()).build();
        }

        private ResponseDefinition error(int status, String type, String message) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("__type", type);
            body.put("message", message);
            return new ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-ErrorType", type)
                    .withBody(JSON.valueToTree(body).toString()).build();
        }
    }
}
