package io.keyguard.iac.report;

import io.keyguard.product.Product;
import io.keyguard.rule.EndpointConfigRule;

/** How the scanner and its one rule are named in reports. */
final class ToolInfo {

    public static final String NAME = Product.NAME;

    /** Same name as the Config rule the stack deploys by default, so findings and Config results line up. */
    public static final String RULE_ID = EndpointConfigRule.ID;

    public static final String RULE_NAME = "SageMakerEndpointConfigCustomerManagedKey";

    public static final String RULE_SUMMARY = "SageMaker endpoint configs must encrypt their storage with a"
            + " customer-managed KMS key";

    public static final String RULE_HELP = "A SageMaker endpoint config (AWS::SageMaker::EndpointConfig,"
            + " aws_sagemaker_endpoint_configuration) must set KmsKeyId (kms_key_arn) to a customer-managed KMS key,"
            + " allowed by kmsKeyArns when given; with checkDataCaptureKey or checkAsyncOutputKey, the data capture"
            + " and async output keys too. Without it SageMaker uses an AWS-owned key you cannot restrict, audit or"
            + " revoke. The same decision and parameters as the AWS Config rule; key state and manager are checked"
            + " only by the deployed rule.";

    /** The KmsKeyId property in the CloudFormation reference. */
    public static final String RULE_HELP_URI = "https://docs.aws.amazon.com/AWSCloudFormation/latest/"
            + "TemplateReference/aws-resource-sagemaker-endpointconfig.html#cfn-sagemaker-endpointconfig-kmskeyid";

    private ToolInfo() {
    }
}
