package io.keyguard.iac;

import static io.keyguard.iac.IacFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.rule.RuleParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Files that cannot be read are errors naming file and line; they never pass silently or stop the other files. */
class MalformedFilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed/bad-syntax.yaml    | 6 | not valid YAML: while parsing a flow sequence, expected ',' or ']', but got :",
        "malformed/bad-syntax.json    | 7 | not valid JSON: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries",
        "malformed/duplicate-key.yaml | 6 | duplicate key 'KmsKeyId' (first at line 5)",
        "malformed/key-is-a-list.yaml | 7 | KmsKeyId must be a string or an intrinsic function, not a list",
        "malformed/unknown-tag.yaml   | 5 | KmsKeyId must be a string or an intrinsic function, not the tag !Reference, which CloudFormation does not know",
        "malformed/truncated-plan.json| 7 | not valid JSON: Unexpected end-of-input within/between Object entries",
    })
    void theErrorNamesTheFileTheLineAndTheProblem(String file, int line, String problem) {
        ScanResult result = scan(Map.of(), file);

        assertEquals(List.of(new ScanError(IacFixtures.ROOT.resolve(file).toString(), line, problem)),
                result.errors());
        assertTrue(result.findings().isEmpty());
    }

    @Test
    void aBrokenFileDoesNotHideTheFindingsOfTheOthers() {
        ScanResult result = scan(Map.of(), "malformed", "seed");

        assertEquals(6, result.errors().size());
        assertEquals(5, result.findings().size());
    }

    @Test
    void aDuplicateKeyInJsonIsAnError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.json"), "{\"Resources\": {\n\"A\": {},\n\"A\": {}}}");

        ScanError error = new IacScanner(RuleParameters.defaults()).scan(List.of(file))
                .errors().get(0);
        assertEquals(3, error.line());
        assertEquals("duplicate key \"A\" (first at line 2)", error.message());
    }

    @Test
    void aFileNamedExplicitlyThatIsNoTemplateOrPlanIsAnErrorButInAFolderItIsIgnored(@TempDir Path dir)
            throws Exception {
        Path workflow = Files.writeString(dir.resolve("ci.yaml"), "on: push\njobs: {}\n");
        Files.writeString(dir.resolve("package.json"), "{\"name\": \"x\"}");
        IacScanner scanner = new IacScanner(RuleParameters.defaults());

        ScanResult named = scanner.scan(List.of(workflow));
        assertEquals("is neither a CloudFormation/SAM template (no Resources) nor a Terraform plan in JSON"
                + " (terraform show -json PLANFILE)", named.errors().get(0).message());

        ScanResult folder = scanner.scan(List.of(dir));
        assertTrue(folder.errors().isEmpty());
        assertEquals(2, folder.filesIgnored());
        assertEquals(0, folder.filesScanned());
    }

    @Test
    void hiddenFoldersAndNodeModulesAreNotWalked(@TempDir Path dir) throws Exception {
        Path template = IacFixtures.fixture("seed/noncompliant-1.yaml");
        for (String folder : List.of(".terraform/modules", "node_modules/pkg", "infra")) {
            Path target = Files.createDirectories(dir.resolve(folder));
            Files.copy(template, target.resolve("template.yaml"));
        }

        ScanResult result = new IacScanner(RuleParameters.defaults()).scan(List.of(dir));

        assertEquals(1, result.findings().size());
        assertTrue(result.findings().get(0).file().endsWith("infra/template.yaml"), result.findings().toString());
    }

    @Test
    void aPathThatDoesNotExistIsRefused() {
        IacScanner scanner = new IacScanner(RuleParameters.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scanner.scan(List.of(Path.of("no/such/dir"))));
        assertEquals("no such file or directory: no/such/dir", e.getMessage());
    }

    @Test
    void moreConditionCombinationsThanCanBeReviewedAreAnErrorNotAPartialVerdict(@TempDir Path dir) throws Exception {
        StringBuilder template = new StringBuilder("Resources:\n  C:\n    Type: AWS::SageMaker::EndpointConfig\n"
                + "    Properties:\n      KmsKeyId: alias/k\n      Tags:\n");
        for (int i = 0; i < 9; i++) {
            template.append("        - !If [Cond").append(i).append(", {Key: k").append(i)
                    .append(", Value: v}, !Ref AWS::NoValue]\n");
        }
        Path file = Files.writeString(dir.resolve("t.yaml"), template);

        ScanResult result = new IacScanner(RuleParameters.defaults()).scan(List.of(file));

        assertTrue(result.findings().isEmpty());
        assertEquals(new ScanError(IacScanner.display(file), 2, "C depends on more than 256 combinations of Fn::If"
                + " conditions; split it so each can be checked"), result.errors().get(0));
    }

    @Test
    void anFnIfWithoutThreeArgumentsIsAnError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), "Resources:\n  C:\n    Type: AWS::SageMaker::EndpointConfig\n"
                + "    Properties:\n      KmsKeyId: !If [OnlyCondition, alias/x]\n");

        ScanError error = new IacScanner(RuleParameters.defaults()).scan(List.of(file))
                .errors().get(0);
        assertEquals(5, error.line());
        assertEquals("Fn::If takes [condition name, value if true, value if false]", error.message());
    }
}
