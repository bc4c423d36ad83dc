package io.keyguard.configrule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The order a periodic run evaluates resources in: those Config holds no result for first, then the least recently
 * evaluated. A run stopped by its time budget therefore leaves the most recently checked resources for later, and
 * the next run starts with the ones it did not reach, so every resource is reached within a few runs.
 */
final class EvaluationOrder {

    private EvaluationOrder() {
    }

    /**
     * When each resource was last evaluated, the latest of its results.
     *
     * @param identity the form resource ids are compared in ({@link ResourceSource#identity})
     */
    static Map<String, Instant> lastEvaluated(List<EvaluatedResource> results, UnaryOperator<String> identity) {
        Map<String, Instant> byIdentity = new HashMap<>();
        for (EvaluatedResource result : results) {
            Instant at = result.recordedAt() == null ? Instant.MIN : result.recordedAt();
            byIdentity.merge(identity.apply(result.resourceId()), at, (a, b) -> a.isAfter(b) ? a : b);
        }
        return byIdentity;
    }

    /** Never-evaluated resources first, in listing order; then oldest result first (ties keep listing order). */
    static List<ResourceRef> leastRecentlyEvaluatedFirst(List<ResourceRef> listed, Map<String, Instant> lastEvaluated,
                                                         UnaryOperator<String> identity) {
        List<ResourceRef> ordered = new ArrayList<>(listed);
        ordered.sort(Comparator.comparing(
                (ResourceRef ref) -> lastEvaluated.get(identity.apply(ref.id() != null ? ref.id() : ref.name())),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return ordered;
    }
}
