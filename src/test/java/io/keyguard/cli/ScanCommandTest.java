package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.rule.RuleParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan command: formats, output file, rule parameters from the command line or a file, and exit codes. */
class ScanCommandTest {

    private static final String SEED = "src/test/resources/iac/seed/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandLine cli = new CommandLine();

    @Test
    void exitsZeroWhenNothingIsNonCompliant() {
        assertEquals(0, cli.run("scan", SEED + "compliant-1.yaml", SEED + "compliant-2.json"));
        assertTrue(cli.out().endsWith("2 endpoint config(s) in 2 file(s): 0 NON_COMPLIANT, 2 COMPLIANT, 0 NOT_APPLICABLE\n"),
                cli.out());
    }

    @Test
    void exitsOneOnANonCompliantFindingSoCiCanGateOnIt() {
        assertEquals(1, cli.run("scan", SEED));
        assertTrue(cli.out().contains("NON_COMPLIANT   " + SEED + "noncompliant-1.yaml:26  EndpointConfig\n"), cli.out());
    }

    @Test
    void exitsThreeWhenAFileCannotBeParsedNamingFileAndLineEvenBesideNonCompliantFindings() {
        int exit = cli.run("scan", SEED, "src/test/resources/iac/malformed/bad-syntax.json");

        assertEquals(3, exit);
        assertTrue(cli.out().contains("ERROR           src/test/resources/iac/malformed/bad-syntax.json:7: not valid JSON"),
                cli.out());
        assertTrue(cli.out().contains("NON_COMPLIANT"), "the other files are still reported: " + cli.out());
        assertEquals("", cli.err(), "the table on standard output lists the error once");

        assertEquals(3, cli.run("scan", SEED, "src/test/resources/iac/malformed/bad-syntax.json", "--format", "json"));
        assertTrue(cli.err().contains("error: src/test/resources/iac/malformed/bad-syntax.json:7: not valid JSON"),
                "a machine's report on standard output: the error goes to standard error too: " + cli.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, cli.run("scan"));
        assertTrue(cli.err().contains("error: no file or folder to scan\n" + ScanCommand.USAGE), cli.err());
        assertEquals(2, cli.run("scan", SEED, "--format", "xml"));
        assertTrue(cli.err().contains("error: unknown format 'xml'; use table, json or sarif"), cli.err());
        assertEquals(2, cli.run("scan", "no/such/template.yaml"));
        assertTrue(cli.err().contains("error: no such file or directory: no/such/template.yaml"), cli.err());
        assertEquals(2, cli.run("scan", SEED, "--param", "kmsKeyArns"));
        assertTrue(cli.err().contains("error: --param takes NAME=VALUE, not 'kmsKeyArns'"), cli.err());
        assertEquals(2, cli.run("scan", SEED, "--colour"));
        assertTrue(cli.err().contains("error: unknown option '--colour'. Run 'keyguard scan --help'."), cli.err());
        assertEquals(2, cli.run("scan", SEED, "--exlude", "fixtures"));
        assertTrue(cli.err().contains("error: unknown option '--exlude'; did you mean '--exclude'?"), cli.err());
    }

    @Test
    void invalidParametersFailWithTheConfigRulesOwnMessage() {
        String expected = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("requireKeyRotation", "yes"))).getMessage();

        assertEquals(2, cli.run("scan", SEED, "--param", "requireKeyRotation=yes"));
        assertTrue(cli.err().startsWith("error: " + expected + "\n"), cli.err());
    }

    @Test
    void parametersFromTheCommandLineChangeTheVerdict() {
        String arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        assertEquals(1, cli.run("scan", SEED + "compliant-snippet.yaml", "--param", "kmsKeyArns=" + arn));
        assertTrue(cli.out().contains("KmsKeyId !Ref MyKmsKey is not listed in kmsKeyArns."), cli.out());
    }

    @Test
    void parametersFromAFileHaveConfigsRuleParametersShapeAndTheCommandLineWinsOverThem(@TempDir Path dir)
            throws Exception {
        Path params = Files.writeString(dir.resolve("params.json"),
                "{\"checkDataCaptureKey\": \"true\", \"localStorageVerdict\": \"NON_COMPLIANT\"}");
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources:\n  Gpu:\n"
                + "    Type: AWS::SageMaker::EndpointConfig\n    Properties:\n      ProductionVariants:\n"
                + "        - {VariantName: A, ModelName: m, InstanceType: ml.g5.xlarge, InitialInstanceCount: 1}\n");

        assertEquals(1, cli.run("scan", template.toString(), "--params-file", params.toString()));
        assertEquals(0, cli.run("scan", template.toString(), "--params-file", params.toString(),
                "--param", "localStorageVerdict=NOT_APPLICABLE"));

        Files.writeString(params, "{\"checkDataCaptureKey\": true}");
        assertEquals(2, cli.run("scan", template.toString(), "--params-file", params.toString()));
        assertTrue(cli.err().contains("error: --params-file " + params + ": Rule parameter checkDataCaptureKey must be a"
                + " string, not boolean."), cli.err());
    }

    @Test
    void writesSarifToTheOutputFileAndASummaryToStandardError(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("results.sarif");

        assertEquals(1, cli.run("scan", SEED, "--format", "sarif", "--output", sarif.toString()));

        JsonNode log = JSON.readTree(sarif.toFile());
        assertEquals("2.1.0", log.path("version").asText());
        assertEquals(2, log.path("runs").get(0).path("results").size());
        assertEquals("", cli.out());
        assertTrue(cli.err().startsWith("5 endpoint config(s) in 5 file(s): 2 NON_COMPLIANT, 3 COMPLIANT,"
                + " 0 NOT_APPLICABLE; report written to " + sarif), cli.err());
    }

    @Test
    void sarifAllIncludesPassingResults() throws Exception {
        assertEquals(1, cli.run("scan", SEED, "--format", "sarif", "--sarif-all"));
        assertEquals(5, JSON.readTree(cli.out()).path("runs").get(0).path("results").size());
    }

    @Test
    void jsonFormatGoesToStandardOutput() throws Exception {
        assertEquals(1, cli.run("scan", SEED, "--format", "json"));
        JsonNode report = JSON.readTree(cli.out());
        assertEquals(5, report.path("findings").size());
        assertEquals(2, report.path("summary").path("NON_COMPLIANT").asInt());
    }
}
