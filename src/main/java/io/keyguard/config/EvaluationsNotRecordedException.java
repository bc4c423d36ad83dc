package io.keyguard.config;

import java.util.List;

/** Some evaluations could not be put to AWS Config; lists every one so none is lost silently. */
public final class EvaluationsNotRecordedException extends RuntimeException {

    private final List<Evaluation> unrecorded;

    public EvaluationsNotRecordedException(List<Evaluation> unrecorded, String reason) {
        super("AWS Config did not record " + unrecorded.size() + " evaluation(s) (" + reason + "): "
                + unrecorded.stream().map(e -> e.resourceId() + "=" + e.compliance()).toList());
        this.unrecorded = List.copyOf(unrecorded);
    }

    public List<Evaluation> unrecorded() {
        return unrecorded;
    }
}
