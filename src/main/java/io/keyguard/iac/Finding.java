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
 */
public record Finding(String file, int line, String resource, String resourceType, Compliance compliance,
                      String annotation) {
}
