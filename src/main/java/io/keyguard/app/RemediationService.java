package io.keyguard.app;

import io.keyguard.aws.AwsClients;
import io.keyguard.kms.KmsKeyDirectory;
import io.keyguard.log.JsonLog;
import io.keyguard.remediation.Pacing;
import io.keyguard.remediation.RemediationReport;
import io.keyguard.remediation.RemediationRequest;
import io.keyguard.remediation.Remediator;
import io.keyguard.sagemaker.EndpointConfigCopies;
import io.keyguard.sagemaker.SageMakerEndpoints;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The remediation as the Lambda function and the command line run it, on the given account's SageMaker and KMS. */
public final class RemediationService {

    private final Remediator remediator;

    public RemediationService(AwsClients clients, Pacing pacing) {
        this.remediator = new Remediator(new EndpointConfigCopies(clients.sageMaker()),
                new SageMakerEndpoints(clients.sageMaker()), new KmsKeyDirectory(clients.kms()), pacing);
    }

    /** Remediates and logs the report as one JSON line; the caller decides what a failed outcome means. */
    public RemediationReport remediate(RemediationRequest request, Duration waitBudget) {
        RemediationReport report = remediator.remediate(request, waitBudget);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("endpointConfig", report.endpointConfig());
        fields.put("copy", report.copy());
        fields.put("dryRun", report.dryRun());
        fields.put("outcome", report.outcome().name());
        fields.put("summary", report.summary());
        if (report.outcome().failed()) {
            JsonLog.error("remediation report", fields);
        } else {
            JsonLog.info("remediation report", fields);
        }
        return report;
    }
}
