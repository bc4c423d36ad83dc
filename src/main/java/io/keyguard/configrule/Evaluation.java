package io.keyguard.configrule;

import java.time.Instant;
import java.util.Objects;

/** One evaluation as it is put to AWS Config. */
public record Evaluation(
        String resourceType,
        String resourceId,
        Compliance compliance,
        String annotation,
        Instant orderingTimestamp) {

    public Evaluation {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(orderingTimestamp, "orderingTimestamp");
    }

    public static Evaluation of(String resourceType, String resourceId, Verdict verdict, Instant orderingTimestamp) {
        return new Evaluation(resourceType, resourceId, verdict.compliance(), verdict.annotation(), orderingTimestamp);
    }
}
