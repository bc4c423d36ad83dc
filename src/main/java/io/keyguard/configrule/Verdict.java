package io.keyguard.configrule;

import java.util.Objects;

/** A decision and the reason for it, ready to be reported as one AWS Config evaluation. */
public record Verdict(Compliance compliance, String annotation) {

    /** AWS Config rejects annotations longer than this. */
    public static final int MAX_ANNOTATION_LENGTH = 256;

    public Verdict {
        Objects.requireNonNull(compliance, "compliance");
        Objects.requireNonNull(annotation, "annotation");
        if (annotation.isBlank()) {
            throw new IllegalArgumentException("every verdict needs an annotation");
        }
        annotation = fitAnnotation(annotation);
    }

    public static Verdict compliant(String annotation) {
        return new Verdict(Compliance.COMPLIANT, annotation);
    }

    public static Verdict nonCompliant(String annotation) {
        return new Verdict(Compliance.NON_COMPLIANT, annotation);
    }

    public static Verdict notApplicable(String annotation) {
        return new Verdict(Compliance.NOT_APPLICABLE, annotation);
    }

    /** Shortens an annotation to Config's limit, marking the cut so a reader knows text is missing. */
    static String fitAnnotation(String annotation) {
        if (annotation.length() <= MAX_ANNOTATION_LENGTH) {
            return annotation;
        }
        return annotation.substring(0, MAX_ANNOTATION_LENGTH - 1) + "…";
    }
}
