package io.keyguard.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import io.keyguard.configrule.EvaluationsNotRecordedException;
import io.keyguard.configrule.ResourceFailure;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS operation the rule calls, under every fault AWS or the network can produce, over HTTP against the
 * local fake with the real SDK clients (millisecond backoff; timeouts elapse only where the fake withholds an answer,
 * so every count below is exact on any machine). A fault that clears within the retries
 * must leave no trace; one that outlasts them must fail the invocation naming the operation and resource, while
 * everything already decided is still reported, and nothing reported differs from a clean run.
 */
class FaultMatrixTest {

    private static final int MAX_ATTEMPTS = FakeAws.TEST_LIMITS.maxAttempts();
    /** Parameters under which a periodic run calls every operation the rule has. */
    private static final String ALL_OPERATIONS = "{\"requireKeyRotation\":\"true\",\"exemptionTagKey\":\"compliance-exempt\"}";

    private static FakeAws aws;
    private static Map<String, JsonNode> clean;
    private static Map<String, Integer> cleanCalls;
    private static final Map<String, AtomicInteger> faultsInjected = new ConcurrentHashMap<>();
    private static final AtomicInteger scenarios = new AtomicInteger();
    private static final AtomicInteger lost = new AtomicInteger();
    private static final AtomicInteger wrong = new AtomicInteger();

    /** The operations, by X-Amz-Target, with the IAM action and the resource a failure must name. */
    enum Operation {
        DESCRIBE_ENDPOINT_CONFIG("SageMaker.DescribeEndpointConfig", "sagemaker:DescribeEndpointConfig"),
        LIST_ENDPOINT_CONFIGS("SageMaker.ListEndpointConfigs", "sagemaker:ListEndpointConfigs"),
        LIST_TAGS("SageMaker.ListTags", "sagemaker:ListTags"),
        DESCRIBE_KEY("TrentService.DescribeKey", "kms:DescribeKey"),
        GET_KEY_ROTATION_STATUS("TrentService.GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
        PUT_EVALUATIONS("StarlingDoveService.PutEvaluations", "config:PutEvaluations"),
        GET_COMPLIANCE_DETAILS("StarlingDoveService.GetComplianceDetailsByConfigRule",
                "config:GetComplianceDetailsByConfigRule");

        final String target;
        final String action;

        Operation(String target, String action) {
            this.target = target;
            this.action = action;
        }
    }

    /** What can go wrong between the rule and AWS. */
    enum AwsFault {
        THROTTLING_400 { void inject(FakeAws aws, String target, int times) {
            aws.failNext(target, times, 400, "ThrottlingException", "Rate exceeded"); } },
        THROTTLING_429 { void inject(FakeAws aws, String target, int times) {
            aws.failNext(target, times, 429, "TooManyRequestsException", "Too Many Requests"); } },
        INTERNAL_ERROR_500 { void inject(FakeAws aws, String target, int times) {
            aws.failNext(target, times, 500, "InternalFailure", "We encountered an internal error."); } },
        UNAVAILABLE_503 { void inject(FakeAws aws, String target, int times) {
            aws.failNext(target, times, 503, "ServiceUnavailable", "Service is unavailable."); } },
        CONNECTION_RESET { void inject(FakeAws aws, String target, int times) {
            aws.faultNext(target, times, Fault.CONNECTION_RESET_BY_PEER); } },
        NO_ANSWER_BEFORE_TIMEOUT { void inject(FakeAws aws, String target, int times) {
            aws.hangNext(target, times); } },
        MALFORMED_CHUNK { void inject(FakeAws aws, String target, int times) {
            aws.faultNext(target, times, Fault.MALFORMED_RESPONSE_CHUNK); } },
        INVALID_JSON_200 { void inject(FakeAws aws, String target, int times) {
            aws.malformedBodyNext(target, times); } };

        abstract void inject(FakeAws aws, String target, int times);
    }

    @BeforeAll
    static void cleanRun() {
        aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"));
        run();
        clean = byResource(aws.evaluationsPut());
        cleanCalls = new TreeMap<>();
        for (Operation operation : Operation.values()) {
            cleanCalls.put(operation.target, aws.served(operation.target));
            assertTrue(aws.served(operation.target) > 0, operation + " is called in the clean run");
        }
        assertEquals(7, clean.size(), "6 configs and one retired result");
    }

    @AfterAll
    static void closeAndReport() {
        aws.close();
        StringBuilder figures = new StringBuilder("fault matrix: " + scenarios.get() + " scenarios; faulty answers"
                + " injected per operation:");
        new TreeMap<>(faultsInjected).forEach((op, n) -> figures.append(' ').append(op).append('=').append(n.get()));
        figures.append("; evaluations lost: ").append(lost.get()).append("; wrong verdicts: ").append(wrong.get());
        System.out.println(figures);
        assertEquals(0, lost.get());
        assertEquals(0, wrong.get());
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (AwsFault fault : AwsFault.values()) {
                cases.add(Arguments.of(operation, fault));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} clears within the retries")
    @MethodSource("matrix")
    void aFaultThatClearsWithinTheRetriesLeavesNoTrace(Operation operation, AwsFault fault) {
        int faults = MAX_ATTEMPTS - 1;
        inject(operation, fault, faults);

        String result = run();

        assertTrue(result.startsWith("7 evaluation(s) reported"), result);
        assertEquals(cleanCalls.get(operation.target) + faults, aws.served(operation.target),
                "the first call took " + MAX_ATTEMPTS + " attempts, the others none extra");
        Map<String, JsonNode> reported = byResource(aws.evaluationsPut());
        assertEquals(clean, reported);
    }

    @ParameterizedTest(name = "{0} {1} outlasts the retries")
    @MethodSource("matrix")
    void aFaultThatOutlastsTheRetriesFailsNamingTheOperationAndResourceAndLosesNothing(Operation operation,
                                                                                         AwsFault fault) {
        inject(operation, fault, MAX_ATTEMPTS);

        RuntimeException e = assertThrows(RuntimeException.class, FaultMatrixTest::run);

        assertTrue(aws.served(operation.target) >= cleanCalls.get(operation.target) + MAX_ATTEMPTS - 1,
                "the failed call was tried " + MAX_ATTEMPTS + " times: " + aws.served(operation.target));
        assertTrue(e.getMessage().contains(operation.action), e.getMessage());
        if (fault == AwsFault.NO_ANSWER_BEFORE_TIMEOUT) {
            assertTrue(e.getMessage().contains("ApiCallAttemptTimeoutException"), e.getMessage());
        }
        Set<String> accountedFor = new TreeSet<>();
        if (operation == Operation.PUT_EVALUATIONS) {
            EvaluationsNotRecordedException notRecorded = assertInstanceOf(EvaluationsNotRecordedException.class, e);
            notRecorded.unrecorded().forEach(u -> accountedFor.add(u.resourceId()));
            assertTrue(e.getMessage().contains(notRecorded.unrecorded().get(0).resourceId()), e.getMessage());
        } else {
            RuleInvocationException failed = assertInstanceOf(RuleInvocationException.class, e);
            assertEquals(1, failed.failures().size(), e.getMessage());
            ResourceFailure failure = failed.failures().get(0);
            assertEquals(operation.action, failure.operation());
            assertTrue(e.getMessage().contains(failure.resourceId()), e.getMessage());
            accountedFor.addAll(resourcesCoveredBy(failure));
        }
        Map<String, JsonNode> reported = byResource(aws.evaluationsPut());
        reported.forEach((id, evaluation) -> {
            if (!evaluation.equals(clean.get(id))) {
                wrong.incrementAndGet();
            }
        });
        accountedFor.addAll(reported.keySet());
        Set<String> missing = new TreeSet<>(clean.keySet());
        missing.removeAll(accountedFor);
        lost.addAndGet(missing.size());
        assertEquals(Set.of(), missing, "every resource is either reported or named in the failure");
    }

    /** A failure names one config, or a rule- or account-level operation that covers several. */
    private static Set<String> resourcesCoveredBy(ResourceFailure failure) {
        Set<String> covered = new TreeSet<>();
        if (failure.resourceId().equals("the account's endpoint configs")) {
            covered.addAll(clean.keySet()); // nothing listed: no config evaluated, no result retired
        } else if (failure.resourceId().startsWith("rule ")) {
            clean.forEach((id, e) -> {
                if (e.path("Annotation").asText().contains("earlier result is retired")) {
                    covered.add(id); // clean-up waits for a run that could read the earlier results
                }
            });
        } else {
            assertTrue(clean.containsKey(failure.resourceId()), failure.resourceId());
            covered.add(failure.resourceId());
        }
        return covered;
    }

    private static void inject(Operation operation, AwsFault fault, int times) {
        scenarios.incrementAndGet();
        aws.clearInjected();
        aws.resetRequests();
        fault.inject(aws, operation.target, times);
        faultsInjected.computeIfAbsent(operation.action, a -> new AtomicInteger()).addAndGet(times);
    }

    /**
     * A fresh handler each time: the SDK's retry quota is per client and must not carry over. One describe at a
     * time, so the faults injected for an operation land on the attempts of one call.
     */
    private static String run() {
        ConfigEvent event = TestEvents.scheduled(ALL_OPERATIONS);
        return new RuleFunction(aws.clients(FakeAws.TEST_LIMITS), 1).handleRequest(event, null);
    }

    /** The evaluations by resource; a put retried after a lost answer may arrive twice, identically. */
    private static Map<String, JsonNode> byResource(List<JsonNode> evaluations) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode evaluation : evaluations) {
            JsonNode earlier = byId.put(evaluation.path("ComplianceResourceId").asText(), evaluation);
            if (earlier != null) {
                assertEquals(earlier, evaluation, "a repeated put carries the same evaluation");
            }
        }
        return new TreeMap<>(byId);
    }
}
