package io.keyguard.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.configrule.Compliance;
import io.keyguard.iac.report.JsonReport;
import io.keyguard.iac.report.SarifReport;
import io.keyguard.iac.report.TableReport;
import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform source read offline: where values come from (defaults, tfvars in Terraform's order, --var-file, locals,
 * module inputs), what counts as a key created here, what is reported as unknown rather than guessed, and the
 * address, file and line of every finding.
 */
class TerraformSourceTest {

    private static final String KEY_A = "arn:aws:kms:us-east-1:111122223333:key/aaaaaaaa-1111-2222-3333-444444444444";
    private static final String KEY_B = "arn:aws:kms:us-east-1:111122223333:key/bbbbbbbb-1111-2222-3333-444444444444";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    /** An endpoint config whose kms_key_arn is {@code key} as written, with one ml.m5.large variant. */
    private static String endpointConfig(String name, String key) {
        return "resource \"aws_sagemaker_endpoint_configuration\" \"" + name + "\" {\n"
                + (key == null ? "" : "  kms_key_arn = " + key + "\n")
                + "  production_variants {\n"
                + "    variant_name  = \"primary\"\n"
                + "    model_name    = \"model\"\n"
                + "    instance_type = \"ml.m5.large\"\n"
                + "  }\n"
                + "}\n";
    }

    private Path write(String relative, String text) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private ScanResult scan(Map<String, String> parameters, List<Path> varFiles, Path... paths) {
        return new IacScanner(RuleParameters.parse(parameters))
                .scan(new ScanRequest(List.of(paths), List.of(), varFiles));
    }

    private ScanResult scan(Path... paths) {
        return scan(Map.of(), List.of(), paths);
    }

    private static Finding only(ScanResult result) {
        assertEquals(1, result.findings().size(), result::toString);
        return result.findings().get(0);
    }

    @Test
    void variablesTakeTheirValueInTerraformsOrderAndTheAnnotationSaysFromWhere() throws IOException {
        write("main.tf", "variable \"key\" {\n  default = \"" + KEY_A + "\"\n}\n" + endpointConfig("ec", "var.key"));
        Map<String, String> onlyA = Map.of("kmsKeyArns", KEY_A);

        assertEquals(Compliance.COMPLIANT, only(scan(onlyA, List.of(), folder)).compliance(), "the default");

        write("terraform.tfvars", "key = \"" + KEY_B + "\"\n");
        Finding fromTfvars = only(scan(onlyA, List.of(), folder));
        assertEquals(Compliance.NON_COMPLIANT, fromTfvars.compliance(), "terraform.tfvars over the default");
        assertTrue(fromTfvars.annotation().contains("kms_key_arn is var.key (from " + IacScanner.display(
                folder.resolve("terraform.tfvars")) + ")."), fromTfvars.annotation());

        write("b.auto.tfvars", "key = \"" + KEY_A + "\"\n");
        write("a.auto.tfvars", "key = \"" + KEY_B + "\"\n");
        assertEquals(Compliance.COMPLIANT, only(scan(onlyA, List.of(), folder)).compliance(),
                "*.auto.tfvars over terraform.tfvars, the last in name order winning");

        Path varFile = write("env/prod.tfvars", "key = \"" + KEY_B + "\"\n");
        assertEquals(Compliance.NON_COMPLIANT, only(scan(onlyA, List.of(varFile), folder)).compliance(),
                "--var-file over *.auto.tfvars");
    }

    @Test
    void localsAndModuleInputsAreFollowedAndFindingsAreAddressedAsTerraformDoes() throws IOException {
        write("main.tf", "locals {\n  key = var.key\n}\nvariable \"key\" {\n  default = null\n}\n"
                + "module \"serving\" {\n  source = \"./modules/serving\"\n  key    = local.key\n}\n"
                + "module \"encrypted\" {\n  source = \"./modules/serving\"\n  key    = \"" + KEY_A + "\"\n}\n");
        Path child = write("modules/serving/main.tf", "variable \"key\" {}\n\n" + endpointConfig("this", "var.key"));

        ScanResult result = scan(folder);

        assertEquals(List.of("module.serving.aws_sagemaker_endpoint_configuration.this",
                "module.encrypted.aws_sagemaker_endpoint_configuration.this"),
                result.findings().stream().map(Finding::resource).toList(),
                "the called folder is read through each call, not also as a root module of its own");
        assertEquals(List.of(Compliance.NON_COMPLIANT, Compliance.COMPLIANT),
                result.findings().stream().map(Finding::compliance).toList());
        Finding first = result.findings().get(0);
        assertEquals(IacScanner.display(child), first.file());
        assertEquals(3, first.line(), "the line of the resource block in the module's file");
        assertEquals("aws_sagemaker_endpoint_configuration", first.resourceType());
    }

    @Test
    void aKeyTheConfigurationCreatesIsJudgedAsDeclaredAndSaysSo() throws IOException {
        write("main.tf", "resource \"aws_kms_key\" \"rotating\" {\n  enable_key_rotation = true\n}\n"
                + "resource \"aws_kms_key\" \"off\" {\n  is_enabled = false\n}\n"
                + "resource \"aws_kms_key\" \"signing\" {\n  customer_master_key_spec = \"RSA_2048\"\n}\n"
                + endpointConfig("rotating", "aws_kms_key.rotating.arn")
                + endpointConfig("off", "aws_kms_key.off.arn")
                + endpointConfig("signing", "aws_kms_key.signing.arn"));

        ScanResult result = scan(Map.of("requireKeyRotation", "true"), List.of(), folder);

        Finding rotating = IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.rotating");
        assertEquals(Compliance.COMPLIANT, rotating.compliance());
        assertTrue(rotating.annotation().contains("kms_key_arn is aws_kms_key.rotating.arn: a customer-managed key"
                + " this configuration creates (aws_kms_key.rotating), judged as declared."), rotating.annotation());
        Finding off = IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.off");
        assertEquals(Compliance.NON_COMPLIANT, off.compliance());
        assertTrue(off.annotation().contains("is Disabled"), off.annotation());
        Finding signing = IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.signing");
        assertEquals(Compliance.NON_COMPLIANT, signing.compliance());
        assertTrue(signing.annotation().contains("cannot rotate automatically"), signing.annotation());
    }

    @Test
    void whatOnlyTerraformKnowsIsCountedAsSetAndNamedNeverGuessed() throws IOException {
        write("main.tf", "data \"aws_kms_key\" \"shared\" {\n  key_id = \"alias/shared\"\n}\n"
                + "variable \"unset\" {}\n"
                + endpointConfig("alias", "aws_kms_alias.model.arn")
                + endpointConfig("data_source", "data.aws_kms_key.shared.arn")
                + endpointConfig("interpolated", "\"arn:aws:kms:us-east-1:${var.account}:key/x\"")
                + endpointConfig("unset", "var.unset")
                + endpointConfig("conditional", "var.unset != null ? var.unset : null"));

        ScanResult result = scan(folder);

        assertTrue(result.findings().stream().allMatch(f -> f.compliance() == Compliance.COMPLIANT),
                result::toString);
        assertTrue(IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.alias").annotation()
                .startsWith("kms_key_arn aws_kms_alias.model.arn is set; key state and manager were not checked."));
        assertTrue(IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.unset").annotation()
                .contains("(var.unset has no default, and no terraform.tfvars, *.auto.tfvars or --var-file gives it"
                        + " a value): counted as set."));
        assertTrue(IacFixtures.finding(result, "main.tf", "aws_sagemaker_endpoint_configuration.interpolated")
                .annotation().contains("(an expression only Terraform evaluates): counted as set."));
    }

    @Test
    void nullTestsOfKnownValuesAreDecidedAndOfUnknownOnesReported() throws IOException {
        write("main.tf", "variable \"capture_key\" {\n  default = null\n}\n"
                + "resource \"aws_sagemaker_endpoint_configuration\" \"ec\" {\n"
                + "  kms_key_arn = \"" + KEY_A + "\"\n"
                + "  production_variants {\n    variant_name = \"primary\"\n    instance_type = \"ml.m5.large\"\n  }\n"
                + "  data_capture_config {\n    enable_capture = var.capture_key != null\n"
                + "    kms_key_id = var.capture_key\n  }\n}\n");

        Finding finding = only(scan(Map.of("checkDataCaptureKey", "true"), List.of(), folder));

        assertEquals(Compliance.COMPLIANT, finding.compliance(), "capture off: var.capture_key is null");
        assertTrue(!finding.annotation().contains("enable_capture"), finding.annotation());
    }

    @Test
    void countForEachAndDynamicBlocksAreJudgedOnceWithANote() throws IOException {
        write("main.tf", "resource \"aws_sagemaker_endpoint_configuration\" \"many\" {\n"
                + "  for_each    = toset([\"a\", \"b\"])\n"
                + "  kms_key_arn = \"" + KEY_A + "\"\n"
                + "  dynamic \"production_variants\" {\n    for_each = var.variants\n    content {\n"
                + "      variant_name  = production_variants.value.name\n"
                + "      instance_type = production_variants.value.type\n    }\n  }\n}\n");

        Finding finding = only(scan(folder));

        assertEquals(Compliance.COMPLIANT, finding.compliance());
        assertTrue(finding.annotation().contains("for_each = toset([\"a\", \"b\"]): every instance is judged alike,"
                + " once."), finding.annotation());
        assertTrue(finding.annotation().contains("production_variants come from a dynamic block"),
                finding.annotation());
        assertTrue(finding.annotation().contains("instance_type is production_variants.value.type, known only when"
                + " Terraform plans: its local storage was not checked."), finding.annotation());
    }

    @Test
    void aModuleFromARegistryIsReportedAsNotReadWithItsLine() throws IOException {
        write("main.tf", "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n"
                + endpointConfig("ec", "\"" + KEY_A + "\""));

        ScanResult result = scan(folder);

        assertEquals(1, result.findings().size());
        assertEquals(List.of(new ScanResult.Skipped(IacScanner.display(folder.resolve("main.tf")), 1, "module.vpc",
                "its source terraform-aws-modules/vpc/aws is not a local folder: its resources are not read offline;"
                        + " scan the plan to see them")), result.skipped());
        assertTrue(result.summary().contains("1 not read"), result.summary());
    }

    @Test
    void modulesCallingEachOtherAreAnErrorAsInTerraform() throws IOException {
        write("a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n");
        write("b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n");

        ScanResult result = scan(folder.resolve("a"));

        assertEquals(1, result.errors().size(), result::toString);
        assertTrue(result.errors().get(0).message().contains("module.b.module.a calls ../a, which calls it back"),
                result.errors().toString());
    }

    @Test
    void aSyntaxErrorOrAFileThatIsNotTextNamesTheFileAndTheOtherFilesAreStillJudged() throws IOException {
        Path broken = write("broken.tf", "resource \"aws_kms_key\" \"k\" {\n  description = \"unterminated\n}\n");
        write("main.tf", endpointConfig("ec", null));
        Path binary = folder.resolve("binary.tf");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

        ScanResult result = scan(folder);

        assertEquals(List.of("aws_sagemaker_endpoint_configuration.ec"),
                result.findings().stream().map(Finding::resource).toList());
        assertEquals(2, result.errors().size(), result::toString);
        ScanError notText = result.errors().get(0);
        assertEquals(IacScanner.display(binary), notText.file());
        assertEquals("is not text (not UTF-8)", notText.message());
        ScanError syntax = result.errors().get(1);
        assertEquals(IacScanner.display(broken), syntax.file());
        assertTrue(syntax.message().startsWith("is not valid HCL"), syntax.message());
    }

    @Test
    void tagsExemptAConfigAndUnknownTagsAreMentionedOnlyWhenAnExemptionTagIsConfigured() throws IOException {
        write("main.tf", "resource \"aws_sagemaker_endpoint_configuration\" \"exempt\" {\n"
                + "  tags = { keyguard-exempt = \"sandbox\" }\n"
                + "  production_variants {\n    instance_type = \"ml.m5.large\"\n  }\n}\n"
                + "resource \"aws_sagemaker_endpoint_configuration\" \"computed_tags\" {\n"
                + "  tags = merge(var.common, { team = \"ml\" })\n"
                + "  production_variants {\n    instance_type = \"ml.m5.large\"\n  }\n}\n");

        ScanResult withTag = scan(Map.of("exemptionTagKey", "keyguard-exempt"), List.of(), folder);
        ScanResult without = scan(folder);

        assertEquals(Compliance.NOT_APPLICABLE, IacFixtures.finding(withTag, "main.tf",
                "aws_sagemaker_endpoint_configuration.exempt").compliance());
        assertTrue(IacFixtures.finding(withTag, "main.tf", "aws_sagemaker_endpoint_configuration.computed_tags")
                .annotation().contains("tags is merge(var.common, { team = \"ml\" }), known only when Terraform"
                        + " plans: an exemption tag there was not seen."));
        assertTrue(without.findings().stream().noneMatch(f -> f.annotation().contains("exemption tag")),
                without::toString);
    }

    @Test
    void aSingleTfFileIsItsOwnModuleAndItsFolderIsNotReadBeside() throws IOException {
        Path one = write("one.tf", endpointConfig("one", null));
        write("other.tf", endpointConfig("other", null));

        ScanResult result = scan(one);

        assertEquals(List.of("aws_sagemaker_endpoint_configuration.one"),
                result.findings().stream().map(Finding::resource).toList());
        assertEquals(List.of(IacScanner.display(one)), result.scanned());
        assertEquals("1 endpoint config(s) in 1 file(s): 1 NON_COMPLIANT, 0 COMPLIANT, 0 NOT_APPLICABLE",
                result.summary());
    }

    @Test
    void aVariableFileThatIsNotHclIsAnErrorNamingIt() throws IOException {
        write("main.tf", "variable \"key\" {}\n" + endpointConfig("ec", "var.key"));
        Path varFile = write("bad.tfvars", "key = \"unterminated\n");

        ScanResult result = scan(Map.of(), List.of(varFile), folder);

        assertEquals(1, result.errors().size(), result::toString);
        assertEquals(IacScanner.display(varFile), result.errors().get(0).file());
        assertEquals(1, result.findings().size(), "the configuration is still judged");
    }

    @Test
    void aCommentInUtf8IsRead() throws IOException {
        write("main.tf", "# Modèle chiffré\n" + endpointConfig("ec", "\"" + KEY_A + "\""));
        assertEquals(Compliance.COMPLIANT, only(scan(folder)).compliance());
    }

    @Test
    void everyReportFormatCarriesTheAddressTheFileAndTheLine() throws IOException {
        write("main.tf", "module \"serving\" {\n  source = \"./serving\"\n}\n"
                + "module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n");
        write("serving/main.tf", "\n" + endpointConfig("this", null));
        ScanResult result = scan(folder);
        String file = IacScanner.display(folder.resolve("serving/main.tf"));
        String address = "module.serving.aws_sagemaker_endpoint_configuration.this";

        JsonNode json = JSON.readTree(JsonReport.render(result, RuleParameters.defaults()));
        JsonNode finding = json.path("findings").path(0);
        assertEquals(List.of(file, "2", address), List.of(finding.path("file").asText(),
                finding.path("line").asText(), finding.path("resource").asText()));
        assertEquals("module.vpc", json.path("notRead").path(0).path("what").asText());

        JsonNode sarif = JSON.readTree(SarifReport.render(result, false)).path("runs").path(0);
        JsonNode location = sarif.path("results").path(0).path("locations").path(0);
        assertEquals(SarifReport.uri(file), location.path("physicalLocation").path("artifactLocation").path("uri")
                .asText());
        assertEquals(2, location.path("physicalLocation").path("region").path("startLine").asInt());
        assertEquals(address, location.path("logicalLocations").path(0).path("name").asText());
        JsonNode notice = sarif.path("invocations").path(0).path("toolExecutionNotifications").path(0);
        assertEquals("warning", notice.path("level").asText());
        assertTrue(notice.path("message").path("text").asText().contains("module.vpc not read"), notice.toString());

        String table = TableReport.render(result);
        assertTrue(table.contains("NON_COMPLIANT   " + file + ":2  " + address), table);
        assertTrue(table.contains("NOT READ        " + IacScanner.display(folder.resolve("main.tf")) + ":4: module.vpc"
                + " not read"), table);
    }
}
