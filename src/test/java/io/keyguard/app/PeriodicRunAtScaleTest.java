package io.keyguard.app;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.configrule.ResourceFailure;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The periodic run over many configs, over HTTP against the local fake: streaming batches and throttling. */
class PeriodicRunAtScaleTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String LIST = "SageMaker.ListEndpointConfigs";
    private static final String DESCRIBE = "SageMaker.DescribeEndpointConfig";
    private static final String PUT = "StarlingDoveService.PutEvaluations";

    private FakeAws aws;

    @BeforeEach
    void start() {
        aws = new FakeAws().withKey(KEY, true, "Enabled", true);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void describesConcurrentlyAndPutsTheEvaluationsInBatchesOfAHundredInResourceIdOrder() {
        withConfigs(250);

        new RuleFunction(aws.clients()).handleRequest(TestEvents.load("scheduled.json"), null);

        assertEquals(250, aws.served(DESCRIBE));
        assertEquals(3, aws.served(LIST));
        assertEquals(List.of(100, 100, 50), aws.bodies(PUT).stream().map(p -> p.path("Evaluations").size()).toList());
        List<String> put = aws.evaluationsPut().stream().map(e -> e.path("ComplianceResourceId").asText()).toList();
        assertEquals(put.stream().sorted().toList(), put, "the same batches whichever describe finished first");
        assertEquals(250, ids(aws.evaluationsPut()).size());
    }

    @Test
    void throttledDescribesAreRetriedSoEveryConfigIsStillEvaluated() {
        withConfigs(60);
        aws.throttleShare(DESCRIBE, 0.05);

        String result = new RuleFunction(aws.clients(FakeAws.TEST_LIMITS)).handleRequest(
                TestEvents.load("scheduled.json"), null);

        assertEquals("60 evaluation(s) reported", result);
        long throttled = aws.throttledCounts().get(DESCRIBE);
        assertTrue(throttled >= 3, "every 20th describe was throttled: " + aws.throttledCounts());
        assertEquals(60 + throttled, aws.callCounts().get(DESCRIBE), "each throttled describe was tried again");
        assertEquals(60, ids(aws.evaluationsPut()).size());
    }

    @Test
    void aConfigThatStaysThrottledFailsAloneWhileTheOthersAreDescribedAroundIt() {
        withConfigs(40);
        aws.throttleEveryDescribeOf("config-0017");

        RuleInvocationException e = assertThrows(RuleInvocationException.class, () ->
                new RuleFunction(aws.clients(FakeAws.TEST_LIMITS)).handleRequest(
                        TestEvents.load("scheduled.json"), null));

        assertEquals(List.of(arnOf("config-0017")), e.failures().stream().map(ResourceFailure::resourceId).toList());
        assertEquals("sagemaker:DescribeEndpointConfig", e.failures().get(0).operation());
        assertTrue(e.failures().get(0).reason().startsWith("ThrottlingException"), e.failures().get(0).reason());
        assertEquals(39 + FakeAws.TEST_LIMITS.maxAttempts(), aws.served(DESCRIBE), "only the throttled one retried");
        Set<String> reported = ids(aws.evaluationsPut());
        assertEquals(39, reported.size());
        assertFalse(reported.contains(arnOf("config-0017")));
    }

    private void withConfigs(int count) {
        for (int i = 0; i < count; i++) {
            aws.withEndpointConfig(String.format("config-%04d", i), i % 2 == 0 ? KEY : null);
        }
    }

    private static Set<String> ids(List<JsonNode> evaluations) {
        Set<String> ids = evaluations.stream().map(e -> e.path("ComplianceResourceId").asText())
                .collect(Collectors.toSet());
        assertTrue(ids.contains(arnOf("config-0000")));
        return ids;
    }
}
