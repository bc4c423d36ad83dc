package io.keyguard.remediation;

import java.util.List;
import java.util.Objects;

/**
 * What one remediation run found and did; the function's output and one JSON log line.
 *
 * @param endpointConfig the original endpoint config's name
 * @param copy           the encrypted copy's name, or null when the run stopped before naming it
 * @param kmsKeyArn      the key the copy uses, or null when the key could not be resolved
 */
public record RemediationReport(String endpointConfig, String copy, String kmsKeyArn, boolean dryRun,
                                Outcome outcome, String summary, List<RemediationStep> steps) {

    public enum Outcome {
        /** Dry run: the steps say what a real run would do; nothing was changed. */
        PLANNED,
        /** Every endpoint that used the original runs on the copy (and the original is deleted, if asked). */
        REMEDIATED,
        /** Changes are under way: endpoints are still updating to the copy. Run again to finish (and delete). */
        IN_PROGRESS,
        /** The config already uses the requested key: nothing to do. */
        ALREADY_ENCRYPTED,
        /** Some endpoints that use the original could not be moved; the steps say which and why. */
        INCOMPLETE,
        /** The remediation cannot be done as asked; the summary says why. Nothing was changed. */
        REFUSED;

        /** The outcomes that fail the invocation, so SSM Automation and AWS Config show the remediation failed. */
        public boolean failed() {
            return this == INCOMPLETE || this == REFUSED;
        }
    }

    public RemediationReport {
        Objects.requireNonNull(endpointConfig, "endpointConfig");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        steps = List.copyOf(steps);
    }

    public static RemediationReport refused(String endpointConfig, String copy, String kmsKeyArn, boolean dryRun,
                                            String reason) {
        return new RemediationReport(endpointConfig, copy, kmsKeyArn, dryRun, Outcome.REFUSED, reason, List.of());
    }

    /** How many steps this run changed something with (a dry run and a repeated run change nothing). */
    public long changes() {
        return steps.stream().filter(s -> s.status() == RemediationStep.Status.DONE).count();
    }
}
