package io.keyguard.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order a periodic run evaluates configs in: those Config holds no result for first, then the least recently
 * evaluated. A run stopped by its time budget therefore leaves the most recently checked configs for later, and
 * the next run starts with the ones it did not reach, so every config is reached within a few runs.
 */
final class EvaluationOrder {

    private EvaluationOrder() {
    }

    /** When each config (by {@link EndpointConfigIds#key}) was last evaluated, the latest of its results. */
    static Map<String, Instant> lastEvaluated(List<EvaluatedResource> results) {
        Map<String, Instant> byKey = new HashMap<>();
        for (EvaluatedResource result : results) {
            Instant at = result.recordedAt() == null ? Instant.MIN : result.recordedAt();
            byKey.merge(EndpointConfigIds.key(result.resourceId()), at, (a, b) -> a.isAfter(b) ? a : b);
        }
        return byKey;
    }

    /** Never-evaluated configs first, in listing order; then oldest result first (ties keep listing order). */
    static List<EndpointConfigRef> leastRecentlyEvaluatedFirst(List<EndpointConfigRef> listed,
                                                               Map<String, Instant> lastEvaluated) {
        List<EndpointConfigRef> ordered = new ArrayList<>(listed);
        ordered.sort(Comparator.comparing((EndpointConfigRef ref) -> lastEvaluatedOf(ref, lastEvaluated),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return ordered;
    }

    private static Instant lastEvaluatedOf(EndpointConfigRef ref, Map<String, Instant> lastEvaluated) {
        return lastEvaluated.get(EndpointConfigIds.key(ref.arn() != null ? ref.arn() : ref.name()));
    }
}
