package io.keyguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.app.RemediationService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.remediation.InvalidRemediationRequestException;
import io.keyguard.remediation.Pacing;
import io.keyguard.remediation.RemediationFailedException;
import io.keyguard.remediation.RemediationReport;
import io.keyguard.remediation.RemediationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The remediation's Lambda entry point, invoked by the SSM Automation document AWS Config runs: JSON in (see
 * {@link RemediationRequest}), the {@link RemediationReport} as JSON out. A refused or incomplete remediation fails
 * the invocation with the reasons, so the automation and Config show it as failed.
 */
public final class RemediationHandler implements RequestStreamHandler {

    /** Time kept back from the invocation's limit after waiting, to re-read endpoints, delete and report. */
    static final Duration REPORT_MARGIN = Duration.ofSeconds(30);
    /** The longest wait when no Lambda context says how long is left (Lambda's own limit is 15 minutes). */
    static final Duration MAX_WAIT = Duration.ofMinutes(14);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemediationService remediation;

    /** Used by Lambda: clients are built once per container, during the init phase. */
    public RemediationHandler() {
        this(new RemediationService(AwsClients.fromEnvironment(LambdaEnvironment.fromSystem()), Pacing.real()));
    }

    public RemediationHandler(RemediationService remediation) {
        this.remediation = remediation;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RemediationReport report = remediation.remediate(readRequest(input), waitBudget(context));
        if (report.outcome().failed()) {
            throw new RemediationFailedException(report);
        }
        JSON.writeValue(output, report);
    }

    static RemediationRequest readRequest(InputStream input) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(input);
        } catch (JsonProcessingException e) {
            throw new InvalidRemediationRequestException("The remediation input is not valid JSON: "
                    + e.getOriginalMessage());
        }
        return RemediationRequest.fromJson(json);
    }

    /** What is left of the invocation after the margin for reporting, and never more than {@link #MAX_WAIT}. */
    static Duration waitBudget(Context context) {
        if (context == null) {
            return MAX_WAIT;
        }
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(REPORT_MARGIN);
        return left.isNegative() ? Duration.ZERO : left.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : left;
    }
}
