package io.keyguard.remediation;

import java.util.List;

/**
 * What a run must change, decided from what SageMaker shows before any change.
 *
 * @param createCopy true when the encrypted copy does not exist yet
 * @param toMove     InService endpoints on the original, to be updated to the copy
 * @param settled    the other endpoints involved: already on the copy, updating to it, or skipped with a reason
 */
record RemediationPlan(boolean createCopy, List<EndpointState> toMove, List<RemediationStep> settled) {

    public RemediationPlan {
        toMove = List.copyOf(toMove);
        settled = List.copyOf(settled);
    }
}
