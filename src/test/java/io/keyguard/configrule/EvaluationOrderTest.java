package io.keyguard.configrule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyguard.rule.EndpointConfigIds;
import io.keyguard.rule.EndpointConfigRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EvaluationOrderTest {

    private static final String TYPE = EndpointConfigRule.RESOURCE_TYPE;
    /** Endpoint configs compare by name, ignoring case, as SageMaker's adapter says. */
    private static final UnaryOperator<String> IDENTITY = EndpointConfigIds::key;

    @Test
    void neverEvaluatedFirstInListingOrderThenOldestResultFirst() {
        List<ResourceRef> listed = List.of(ref("a"), ref("b"), ref("c"), ref("d"), ref("e"));
        Map<String, Instant> last = EvaluationOrder.lastEvaluated(List.of(
                result(arn("a"), "2026-01-03T00:00:00Z"),
                result(arn("c"), "2026-01-01T00:00:00Z"),
                result("E", "2026-01-02T00:00:00Z")), IDENTITY);

        assertEquals(List.of("b", "d", "c", "e", "a"),
                EvaluationOrder.leastRecentlyEvaluatedFirst(listed, last, IDENTITY).stream().map(ResourceRef::name).toList());
    }

    @Test
    void theLatestOfSeveralResultsForOneConfigCountsWhateverFormTheIdTook() {
        Map<String, Instant> last = EvaluationOrder.lastEvaluated(List.of(
                result("Fraud-Model", "2026-01-01T00:00:00Z"),
                result(arn("fraud-model"), "2026-02-01T00:00:00Z")), IDENTITY);

        assertEquals(Map.of("fraud-model", Instant.parse("2026-02-01T00:00:00Z")), last);
    }

    @Test
    void aResultWithoutATimeCountsAsTheOldestEvaluatedButAfterTheNeverEvaluated() {
        List<ResourceRef> listed = List.of(ref("timed"), ref("untimed"), ref("never"));
        Map<String, Instant> last = EvaluationOrder.lastEvaluated(List.of(
                result(arn("timed"), "2026-01-01T00:00:00Z"),
                new EvaluatedResource(TYPE, arn("untimed"), Compliance.COMPLIANT, null)), IDENTITY);

        assertEquals(List.of("never", "untimed", "timed"),
                EvaluationOrder.leastRecentlyEvaluatedFirst(listed, last, IDENTITY).stream().map(ResourceRef::name).toList());
    }

    private static ResourceRef ref(String name) {
        return new ResourceRef(arn(name), name);
    }

    private static String arn(String name) {
        return "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/" + name;
    }

    private static EvaluatedResource result(String id, String recordedAt) {
        return new EvaluatedResource(TYPE, id, Compliance.NON_COMPLIANT, Instant.parse(recordedAt));
    }
}
