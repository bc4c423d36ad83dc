package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scan as a CI gate: nothing scanned is an error of its own, suppressions in the source need a reason and are reported
 * as suppressed, advice names what to change where the finding is, and inputs that are not templates say so.
 */
class ScanInCiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_KEY_TEMPLATE = "Resources:\n"
            + "  Plain:\n"
            + "    Type: AWS::SageMaker::EndpointConfig\n"
            + "%s"
            + "    Properties:\n"
            + "      ProductionVariants:\n"
            + "        - {VariantName: A, ModelName: m, InstanceType: ml.m5.large, InitialInstanceCount: 1}\n";
    private static final String NO_KEY_TERRAFORM = "%sresource \"aws_sagemaker_endpoint_configuration\" \"plain\" {\n"
            + "  production_variants {\n    variant_name  = \"A\"\n    instance_type = \"ml.m5.large\"\n  }\n}\n";

    @TempDir
    Path folder;

    private final CommandLine cli = new CommandLine();

    @Test
    void nothingScannedExitsFourNamingWhatWasLookedAtAndIgnored() throws IOException {
        Files.writeString(folder.resolve("README.md"), "# notes\n");
        Files.writeString(folder.resolve("package.json"), "{\"name\": \"x\"}\n");
        Files.createDirectories(folder.resolve("target"));
        Files.writeString(folder.resolve("target/built.yaml"), NO_KEY_TEMPLATE.formatted(""));

        assertEquals(Main.NOTHING_TO_SCAN, cli.run("scan", folder.toString(), "--exclude", "*.yml"));

        assertEquals("error: nothing to scan in " + folder + ": no CloudFormation/SAM template, Terraform plan or"
                + " Terraform .tf file was found (folders are searched for *.yaml, *.yml, *.json, *.template, *.tfplan"
                + " and *.tf; .git, target, node_modules, .terraform and hidden folders are skipped; --exclude *.yml);"
                + " 1 file(s) ignored as neither: " + folder.resolve("package.json") + ". Pass --allow-empty to exit 0"
                + " when there is nothing to scan.\n", cli.err());
        assertEquals("", cli.out(), "no report for nothing");

        assertEquals(Main.OK, cli.run("scan", folder.toString(), "--allow-empty"));
        assertTrue(cli.out().endsWith("0 endpoint config(s) in 0 file(s): 0 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE;"
                + " 1 file(s) ignored (not a template or plan)\n"), cli.out());
    }

    @Test
    void aFolderOfTerraformSourceIsScannedNotPassedSilently() throws IOException {
        Files.writeString(folder.resolve("main.tf"), NO_KEY_TERRAFORM.formatted(""));

        assertEquals(Main.NON_COMPLIANT_FOUND, cli.run("scan", folder.toString()));

        assertTrue(cli.out().contains("NON_COMPLIANT   " + folder.resolve("main.tf") + ":1"
                + "  aws_sagemaker_endpoint_configuration.plain\n"), cli.out());
        assertTrue(cli.out().contains("No kms_key_arn: storage volumes use an AWS-owned key you cannot control. Set"
                + " kms_key_arn to a customer-managed KMS key."), "Terraform's argument is named: " + cli.out());
        assertFalse(cli.out().contains("Create a copy"), "live-resource advice only for live resources: " + cli.out());
    }

    @Test
    void aTemplateFindingAdvisesThePropertyToSet() throws IOException {
        Path template = Files.writeString(folder.resolve("t.yaml"), NO_KEY_TEMPLATE.formatted(""));

        assertEquals(Main.NON_COMPLIANT_FOUND, cli.run("scan", template.toString()));

        assertTrue(cli.out().contains("No KmsKeyId: storage volumes use an AWS-owned key you cannot control. Set KmsKeyId"
                + " to a customer-managed KMS key.\n"), cli.out());
    }

    @Test
    void aCloudFormationSuppressionWithAReasonIsReportedAsSuppressedAndPasses() throws Exception {
        Path template = Files.writeString(folder.resolve("t.yaml"), NO_KEY_TEMPLATE.formatted(
                "    Metadata:\n      keyguard:\n        suppress:\n"
                        + "          - rule: sagemaker-endpoint-config-cmk\n"
                        + "            reason: Public demo model, no customer data (SEC-1234)\n"));

        assertEquals(Main.OK, cli.run("scan", template.toString()));
        assertTrue(cli.out().contains("SUPPRESSED      " + template + ":2  Plain\n"), cli.out());
        assertTrue(cli.out().contains("Suppressed (line 7): Public demo model, no customer data (SEC-1234)\n"), cli.out());
        assertTrue(cli.out().endsWith("0 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE, 1 SUPPRESSED\n"), cli.out());

        assertEquals(Main.OK, cli.run("scan", template.toString(), "--format", "sarif"));
        JsonNode result = JSON.readTree(cli.out()).path("runs").path(0).path("results").path(0);
        assertEquals("fail", result.path("kind").asText(), "still a finding, shown as dismissed");
        assertEquals("inSource", result.path("suppressions").path(0).path("kind").asText());
        assertEquals("Public demo model, no customer data (SEC-1234)",
                result.path("suppressions").path(0).path("justification").asText());

        assertEquals(Main.OK, cli.run("scan", template.toString(), "--format", "json"));
        JsonNode report = JSON.readTree(cli.out());
        assertEquals("Public demo model, no customer data (SEC-1234)",
                report.path("findings").path(0).path("suppressed").path("reason").asText());
        assertEquals(1, report.path("summary").path("SUPPRESSED").asInt());
        assertEquals(0, report.path("summary").path("NON_COMPLIANT").asInt());
    }

    @Test
    void aSuppressionWithoutAReasonOrForAnotherRuleIsAnErrorNamingIt() throws IOException {
        Path noReason = Files.writeString(folder.resolve("t.yaml"), NO_KEY_TEMPLATE.formatted(
                "    Metadata:\n      keyguard:\n        suppress:\n"
                        + "          - rule: sagemaker-endpoint-config-cmk\n"));

        assertEquals(Main.UNREADABLE_INPUT, cli.run("scan", noReason.toString()));
        assertTrue(cli.out().contains(noReason + ":7: Metadata.keyguard.suppress[0] gives no reason: a suppression must"
                + " say why the finding is accepted"), cli.out());

        Path tf = Files.writeString(folder.resolve("main.tf"),
                NO_KEY_TERRAFORM.formatted("# keyguard:ignore CKV_AWS_98 accepted\n"));
        assertEquals(Main.UNREADABLE_INPUT, cli.run("scan", tf.toString()));
        assertTrue(cli.out().contains(tf + ":1: keyguard:ignore names rule 'CKV_AWS_98': the rule this tool checks is"
                + " sagemaker-endpoint-config-cmk"), cli.out());
        assertTrue(cli.out().contains("NON_COMPLIANT   " + tf + ":2"), "still judged, not silenced: " + cli.out());
    }

    @Test
    void aTerraformCommentSuppressesTheResourceBelowIt() throws IOException {
        Path tf = Files.writeString(folder.resolve("main.tf"), NO_KEY_TERRAFORM.formatted(
                "# Demo endpoint, see SEC-1234.\n"
                        + "# keyguard:ignore sagemaker-endpoint-config-cmk public demo model, no customer data\n"));

        assertEquals(Main.OK, cli.run("scan", tf.toString()));

        assertTrue(cli.out().contains("SUPPRESSED      " + tf + ":3  aws_sagemaker_endpoint_configuration.plain\n"), cli.out());
        assertTrue(cli.out().contains("Suppressed (line 2): public demo model, no customer data\n"), cli.out());
    }

    @Test
    void devNullAndBinaryFilesSayWhatTheyAre() throws IOException {
        assertEquals(Main.UNREADABLE_INPUT, cli.run("scan", "/dev/null"));
        assertTrue(cli.out().contains("ERROR           /dev/null: is empty: nothing to scan\n"), cli.out());

        Path binary = folder.resolve("model.bin");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2});
        assertEquals(Main.UNREADABLE_INPUT, cli.run("scan", binary.toString()));
        assertTrue(cli.out().contains(binary + ": is not text (not UTF-8): neither a template nor a plan in JSON\n"), cli.out());
        assertFalse(cli.out().contains("Exception"), cli.out());
    }

    @Test
    void theRepositoryItselfScansWithoutItsBuildOutputAndWithItsFixturesExcluded() {
        int exit = cli.run("scan", ".", "--exclude", "src/test/resources", "--exclude", "events", "--format", "json");

        assertTrue(exit == Main.OK || exit == Main.NON_COMPLIANT_FOUND, cli.err());
        assertEquals("", cli.err());
        assertFalse(cli.out().contains("\"file\" : \"target/"), "target/ is not walked");
        assertFalse(cli.out().contains("src/test/resources"), "excluded");
    }
}
