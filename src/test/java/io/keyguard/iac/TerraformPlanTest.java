package io.keyguard.iac;

import static io.keyguard.iac.IacFixtures.finding;
import static io.keyguard.iac.IacFixtures.lineContaining;
import static io.keyguard.iac.IacFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.configrule.Compliance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Terraform plans (terraform show -json): changes, planned values in child modules, values known after apply. */
class TerraformPlanTest {

    private static final String PLAN = "terraform/plan.json";

    @Test
    void everyEndpointConfigOfThePlanIsJudgedInLineOrderAndDataSourcesAndOtherTypesAreNot() {
        ScanResult result = scan(Map.of(), PLAN);

        assertEquals(List.of("aws_sagemaker_endpoint_configuration.literal_key",
                "module.inference.aws_sagemaker_endpoint_configuration.this[0]",
                "aws_sagemaker_endpoint_configuration.key_after_apply",
                "aws_sagemaker_endpoint_configuration.no_key",
                "aws_sagemaker_endpoint_configuration.retired"),
                result.findings().stream().map(Finding::resource).toList());
        assertTrue(result.findings().stream()
                .allMatch(f -> f.resourceType().equals("aws_sagemaker_endpoint_configuration")));
        assertTrue(result.errors().isEmpty(), result.errors().toString());
    }

    @Test
    void aKeyKnownOnlyAfterApplyCountsAsSetAndSaysWhereItComesFrom() {
        Finding finding = finding(scan(Map.of("checkDataCaptureKey", "true"), PLAN), PLAN,
                "aws_sagemaker_endpoint_configuration.key_after_apply");

        assertEquals(Compliance.COMPLIANT, finding.compliance());
        assertEquals("kms_key_arn aws_kms_key.serving.arn (known after apply) is set; key state and manager were not"
                + " checked. data_capture_config.kms_key_id data.aws_kms_key.shared.arn (known after apply) is set; key"
                + " state and manager were not checked. kms_key_arn is known only after apply (from"
                + " aws_kms_key.serving.arn): counted as set. data_capture_config[0].kms_key_id is known only after"
                + " apply (from data.aws_kms_key.shared.arn): counted as set.", finding.annotation(),
                "no word on tags_all: no exemption tag is configured");
        assertEquals(lineContaining(PLAN, "\"address\": \"aws_sagemaker_endpoint_configuration.key_after_apply\"")
                - 1, finding.line(), "the line where the resource's object starts");
    }

    @Test
    void tagsKnownOnlyAfterApplyAreMentionedWhenAnExemptionTagIsLookedFor() {
        Finding finding = finding(scan(Map.of("exemptionTagKey", "keyguard-exempt"), PLAN), PLAN,
                "aws_sagemaker_endpoint_configuration.key_after_apply");

        assertTrue(finding.annotation().endsWith(" tags_all is known only after apply; an exemption tag there was"
                + " not seen."), finding.annotation());
    }

    @Test
    void aKeyKnownAfterApplyIsStillNotAllowedByKmsKeyArnsItCannotBeMatchedAgainst() {
        Finding finding = finding(scan(Map.of("kmsKeyArns",
                "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"), PLAN), PLAN,
                "aws_sagemaker_endpoint_configuration.key_after_apply");

        assertEquals(Compliance.NON_COMPLIANT, finding.compliance());
        assertTrue(finding.annotation().startsWith("kms_key_arn aws_kms_key.serving.arn (known after apply) is not"
                + " listed in kmsKeyArns."), finding.annotation());
    }

    @Test
    void aNullKmsKeyArnIsNonCompliantAlsoInsideAChildModule() {
        String address = "module.inference.aws_sagemaker_endpoint_configuration.this[0]";
        Finding finding = finding(scan(Map.of(), PLAN), PLAN, address);

        assertEquals(Compliance.NON_COMPLIANT, finding.compliance());
        assertTrue(finding.annotation().startsWith("No kms_key_arn"), finding.annotation());
        assertEquals(lineContaining(PLAN, "\"address\": \"" + address.replace("\"", "\\\"") + "\"") - 1,
                finding.line());
    }

    @Test
    void asyncOutputWithoutKeyAndTheProviderDefaultTagsAreRead() {
        String address = "aws_sagemaker_endpoint_configuration.no_key";

        Finding withoutExemption = finding(scan(Map.of("checkAsyncOutputKey", "true"), PLAN), PLAN, address);
        assertEquals(Compliance.NON_COMPLIANT, withoutExemption.compliance());
        assertTrue(withoutExemption.annotation().startsWith("No kms_key_arn: storage volumes use an AWS-owned key"),
                withoutExemption.annotation());
        assertTrue(withoutExemption.annotation().contains(" Async inference output has no"),
                withoutExemption.annotation());

        Finding exempt = finding(scan(Map.of("exemptionTagKey", "compliance-exempt"), PLAN), PLAN, address);
        assertEquals(Compliance.NOT_APPLICABLE, exempt.compliance(), "tags_all carries the provider's default tags");
        assertTrue(exempt.annotation().startsWith("Exempt: the config carries the exemption tag"
                + " compliance-exempt=TICKET-7"), exempt.annotation());
    }

    @Test
    void aConfigThePlanDeletesIsNotApplicable() {
        Finding finding = finding(scan(Map.of(), PLAN), PLAN, "aws_sagemaker_endpoint_configuration.retired");

        assertEquals(Compliance.NOT_APPLICABLE, finding.compliance());
        assertEquals("The plan deletes this endpoint config (actions [delete]): nothing to evaluate.",
                finding.annotation());
    }
}
