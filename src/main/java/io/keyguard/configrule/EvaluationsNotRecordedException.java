package io.keyguard.configrule;

import io.keyguard.log.BoundedText;
import java.util.List;

/** Some evaluations could not be put to AWS Config; lists every one so none is lost silently. */
public final class EvaluationsNotRecordedException extends RuntimeException {

    /** Enough resources to act on without flooding the Config console's error text; all are in unrecorded(). */
    private static final int LISTED = 20;

    private final List<Evaluation> unrecorded;

    public EvaluationsNotRecordedException(List<Evaluation> unrecorded, String reason) {
        super(message(unrecorded, reason));
        this.unrecorded = List.copyOf(unrecorded);
    }

    public List<Evaluation> unrecorded() {
        return unrecorded;
    }

    private static String message(List<Evaluation> unrecorded, String reason) {
        return "AWS Config did not record " + unrecorded.size() + " evaluation(s) (" + reason + "): "
                + BoundedText.firstOf(unrecorded.stream().map(e -> e.resourceId() + "=" + e.compliance()).toList(),
                LISTED);
    }
}
