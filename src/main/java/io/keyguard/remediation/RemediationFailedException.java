package io.keyguard.remediation;

import io.keyguard.remediation.RemediationStep.Status;
import java.util.List;

/**
 * The remediation was refused or left endpoints behind: the invocation fails, so SSM Automation and AWS Config show
 * the remediation as failed, with the reasons in the message.
 */
public final class RemediationFailedException extends RuntimeException {

    /** Enough problems to act on without flooding the console's error text. */
    private static final int LISTED = 20;

    private final transient RemediationReport report;

    public RemediationFailedException(RemediationReport report) {
        super(message(report));
        this.report = report;
    }

    public RemediationReport report() {
        return report;
    }

    private static String message(RemediationReport report) {
        List<String> problems = report.steps().stream()
                .filter(s -> s.status() == Status.FAILED || s.status() == Status.SKIPPED)
                .map(s -> s.action() + " " + s.target() + ": " + s.detail())
                .toList();
        String listed = problems.isEmpty() ? "" : " " + String.join(" | ", problems.subList(0,
                Math.min(LISTED, problems.size()))) + (problems.size() > LISTED ? " | and " + (problems.size() - LISTED)
                + " more" : "");
        return report.outcome() + " (" + report.endpointConfig() + "): " + report.summary() + listed;
    }
}
