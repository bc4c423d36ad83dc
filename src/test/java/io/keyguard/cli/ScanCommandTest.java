package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.rule.RuleParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan command: formats, output file, rule parameters from the command line or a file, and exit codes. */
class ScanCommandTest {

    private static final String SEED = "src/test/resources/iac/seed/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void exitsZeroWhenNothingIsNonCompliant() {
        assertEquals(0, run("scan", SEED + "compliant-1.yaml", SEED + "compliant-2.json"));
        assertTrue(out().endsWith("2 endpoint config(s) in 2 file(s): 0 NON_COMPLIANT, 2 COMPLIANT, 0 NOT_APPLICABLE\n"),
                out());
    }

    @Test
    void exitsOneOnANonCompliantFindingSoCiCanGateOnIt() {
        assertEquals(1, run("scan", SEED));
        assertTrue(out().contains("NON_COMPLIANT   " + SEED + "noncompliant-1.yaml:26  EndpointConfig\n"), out());
    }

    @Test
    void exitsThreeWhenAFileCannotBeParsedNamingFileAndLineEvenBesideNonCompliantFindings() {
        int exit = run("scan", SEED, "src/test/resources/iac/malformed/bad-syntax.json");

        assertEquals(3, exit);
        assertTrue(err().contains("error: src/test/resources/iac/malformed/bad-syntax.json:7: not valid JSON"), err());
        assertTrue(out().contains("NON_COMPLIANT"), "the other files are still reported: " + out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("scan"));
        assertTrue(err().contains("error: no file or folder to scan\n" + ScanCommand.USAGE), err());
        assertEquals(2, run("scan", SEED, "--format", "xml"));
        assertTrue(err().contains("error: unknown format 'xml'; use table, json or sarif"), err());
        assertEquals(2, run("scan", "no/such/template.yaml"));
        assertTrue(err().contains("error: no such file or directory: no/such/template.yaml"), err());
        assertEquals(2, run("scan", SEED, "--param", "kmsKeyArns"));
        assertTrue(err().contains("error: --param takes NAME=VALUE, not 'kmsKeyArns'"), err());
        assertEquals(2, run("scan", SEED, "--colour"));
        assertTrue(err().contains("error: unknown option --colour"), err());
    }

    @Test
    void invalidParametersFailWithTheConfigRulesOwnMessage() {
        String expected = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("requireKeyRotation", "yes"))).getMessage();

        assertEquals(2, run("scan", SEED, "--param", "requireKeyRotation=yes"));
        assertTrue(err().startsWith("error: " + expected + "\n"), err());
    }

    @Test
    void parametersFromTheCommandLineChangeTheVerdict() {
        String arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        assertEquals(1, run("scan", SEED + "compliant-snippet.yaml", "--param", "kmsKeyArns=" + arn));
        assertTrue(out().contains("KmsKeyId !Ref MyKmsKey is not listed in kmsKeyArns."), out());
    }

    @Test
    void parametersFromAFileHaveConfigsRuleParametersShapeAndTheCommandLineWinsOverThem(@TempDir Path dir)
            throws Exception {
        Path params = Files.writeString(dir.resolve("params.json"),
                "{\"checkDataCaptureKey\": \"true\", \"localStorageVerdict\": \"NON_COMPLIANT\"}");
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources:\n  Gpu:\n"
                + "    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants:\n"
                + "        - {VariantName: A, ModelName: m, InstanceType: ml.g5.xlarge, InitialInstanceCount: 1}\n");

        assertEquals(1, run("scan", template.toString(), "--params-file", params.toString()));
        assertEquals(0, run("scan", template.toString(), "--params-file", params.toString(),
                "--param", "localStorageVerdict=NOT_APPLICABLE"));

        Files.writeString(params, "{\"checkDataCaptureKey\": true}");
        assertEquals(2, run("scan", template.toString(), "--params-file", params.toString()));
        assertTrue(err().contains("error: --params-file " + params + ": Rule parameter checkDataCaptureKey must be a"
                + " string, not boolean."), err());
    }

    @Test
    void writesSarifToTheOutputFileAndASummaryToStandardError(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("results.sarif");

        assertEquals(1, run("scan", SEED, "--format", "sarif", "--output", sarif.toString()));

        JsonNode log = JSON.readTree(sarif.toFile());
        assertEquals("2.1.0", log.path("version").asText());
        assertEquals(2, log.path("runs").get(0).path("results").size());
        assertEquals("", out());
        assertTrue(err().startsWith("5 endpoint config(s) in 5 file(s): 2 NON_COMPLIANT, 3 COMPLIANT,"
                + " 0 NOT_APPLICABLE; report written to " + sarif), err());
    }

    @Test
    void sarifAllIncludesPassingResults() throws Exception {
        assertEquals(1, run("scan", SEED, "--format", "sarif", "--sarif-all"));
        assertEquals(5, JSON.readTree(out()).path("runs").get(0).path("results").size());
    }

    @Test
    void jsonFormatGoesToStandardOutput() throws Exception {
        assertEquals(1, run("scan", SEED, "--format", "json"));
        JsonNode report = JSON.readTree(out());
        assertEquals(5, report.path("findings").size());
        assertEquals(2, report.path("summary").path("NON_COMPLIANT").asInt());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
