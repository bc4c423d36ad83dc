package io.keyguard.remediation;

import java.util.Objects;

/**
 * One thing the remediation did, would do (dry run) or left undone, and why.
 *
 * @param action the SageMaker operation, or WaitForInService
 * @param target the endpoint config or endpoint it acts on
 */
public record RemediationStep(String action, String target, Status status, String detail) {

    public static final String CREATE_COPY = "CreateEndpointConfig";
    public static final String UPDATE_ENDPOINT = "UpdateEndpoint";
    public static final String WAIT = "WaitForInService";
    public static final String DELETE_ORIGINAL = "DeleteEndpointConfig";

    public enum Status {
        /** Dry run: what a real run would do. */
        PLANNED,
        /** Done by this run. */
        DONE,
        /** Found done by an earlier run: nothing to change. */
        ALREADY_DONE,
        /** Started (by this run or an earlier one) and not finished yet. */
        IN_PROGRESS,
        /** An endpoint left on the original; the detail says why. */
        SKIPPED,
        /** The original config, left in place as asked (DeleteOriginal is false). */
        KEPT,
        /** Waits for something else first (for example, endpoints still updating). */
        DEFERRED,
        /** Tried and refused by AWS; the detail gives AWS's reason. */
        FAILED
    }

    public RemediationStep {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
