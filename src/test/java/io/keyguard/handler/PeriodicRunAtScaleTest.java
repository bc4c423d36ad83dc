package io.keyguard.handler;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.testing.FakeAws;
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
    void eachBatchOfAHundredIsPutAsItFillsWhileTheListingGoesOn() {
        withConfigs(250);

        new ConfigRuleHandler(aws.clients()).handleRequest(TestEvents.load("scheduled.json"), null);

        List<String> order = aws.operationsInOrder();
        int firstPut = order.indexOf(PUT);
        int lastList = order.lastIndexOf(LIST);
        assertTrue(firstPut < lastList, "the first batch is put before the last page is listed: " + order);
        assertEquals(List.of(100, 100, 50), aws.bodies(PUT).stream().map(p -> p.path("Evaluations").size()).toList());
        assertEquals(250, ids(aws.evaluationsPut()).size());
    }

    @Test
    void throttledDescribesAreRetriedSoEveryConfigIsStillEvaluated() {
        withConfigs(60);
        aws.throttleShare(DESCRIBE, 0.05);

        String result = new ConfigRuleHandler(aws.clients()).handleRequest(TestEvents.load("scheduled.json"), null);

        assertEquals("60 evaluation(s) reported", result);
        long throttled = aws.throttledCounts().get(DESCRIBE);
        assertTrue(throttled >= 3, "every 20th describe was throttled: " + aws.throttledCounts());
        assertEquals(60 + throttled, aws.callCounts().get(DESCRIBE), "each throttled describe was tried again");
        assertEquals(60, ids(aws.evaluationsPut()).size());
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
