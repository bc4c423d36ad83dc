package io.keyguard.iac;

import io.keyguard.configrule.Compliance;

/**
 * The verdict on one endpoint config of a template or plan, and where it is.
 *
 * @param file         the file as shown to people and in SARIF: relative to the working directory when inside it
 * @param line         1-based line where the resource starts
 * @param resource     the logical id (template) or the resource address (Terraform plan)
 * @param resourceType AWS::SageMaker::EndpointConfig or aws_sagemaker_endpoint_configuration
 * @param annotation   the rule's annotation, preceded by the conditions it holds under and followed by notes on
 *                     what could not be known before deployment
 * @param suppression  the author's suppression of this resource's findings, with its reason; null when none
 */
public record Finding(String file, int line, String resource, String resourceType, Compliance compliance,
                      String annotation, Suppression suppression) {

    public Finding(String file, int line, String resource, String resourceType, Compliance compliance,
                   String annotation) {
        this(file, line, resource, resourceType, compliance, annotation, null);
    }

    /** NON_COMPLIANT and accepted in the source with a reason: reported, and not a failure. */
    public boolean suppressed() {
        return suppression != null && compliance == Compliance.NON_COMPLIANT;
    }

    /** NON_COMPLIANT and not suppressed: what fails a scan. */
    public boolean failing() {
        return compliance == Compliance.NON_COMPLIANT && suppression == null;
    }
}
