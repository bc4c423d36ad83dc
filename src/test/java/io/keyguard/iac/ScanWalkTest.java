package io.keyguard.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a folder scan reads: default exclusions, --exclude patterns, binary plans. */
class ScanWalkTest {

    private static final String TEMPLATE = "Resources:\n  Config:\n    Type: AWS::SageMaker::EndpointConfig\n"
            + "    Properties:\n      ProductionVariants:\n        - InstanceType: ml.m5.large\n";

    @TempDir
    Path folder;

    private void write(String relative, String text) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private List<String> scanned(List<PathMatcher> excludes) {
        ScanResult result = new IacScanner(RuleParameters.defaults())
                .scan(new ScanRequest(List.of(folder), excludes, List.of()));
        return result.findings().stream().map(Finding::file)
                .map(file -> folder.relativize(Path.of(file).toAbsolutePath()).toString()).toList();
    }

    @Test
    void versionControlBuildOutputDependenciesAndHiddenFoldersAreNotWalked() throws IOException {
        for (String skipped : List.of(".git/t.yaml", "target/t.yaml", "node_modules/m/t.yaml", ".terraform/t.yaml",
                ".hidden/t.yaml", "app/target/t.yaml")) {
            write(skipped, TEMPLATE);
        }
        write("app/template.yaml", TEMPLATE);

        assertEquals(List.of("app/template.yaml"), scanned(List.of()));
    }

    @Test
    void excludesMatchANameAtAnyDepthOrAPathFromTheFolderGiven() throws IOException {
        write("a.yaml", TEMPLATE);
        write("fixtures/bad/b.yaml", TEMPLATE);
        write("deploy/c.yaml", TEMPLATE);
        write("deploy/legacy/d.yaml", TEMPLATE);

        assertEquals(List.of("a.yaml", "deploy/c.yaml", "deploy/legacy/d.yaml"),
                scanned(List.of(ExcludeGlob.of("fixtures"))), "a folder name excludes what is in it");
        assertEquals(List.of("a.yaml", "fixtures/bad/b.yaml"), scanned(List.of(ExcludeGlob.of("deploy/"))));
        assertEquals(List.of("a.yaml", "deploy/c.yaml", "fixtures/bad/b.yaml"),
                scanned(List.of(ExcludeGlob.of("./deploy/legacy/**"))));
        assertEquals(List.of(), scanned(List.of(ExcludeGlob.of("*.yaml"))), "a name pattern at any depth");
    }

    @Test
    void aPatternThatIsNotAGlobOrMatchesNothingIsRefusedNamingIt() {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> ExcludeGlob.of("deploy/[abc"));
        assertTrue(invalid.getMessage().startsWith("--exclude 'deploy/[abc' is not a valid glob: "),
                invalid.getMessage());
        assertEquals("--exclude './' matches nothing: give a name or a path",
                assertThrows(IllegalArgumentException.class, () -> ExcludeGlob.of("./")).getMessage());
        assertFalse(ExcludeGlob.of("deploy").matches(Path.of("deployment/x.yaml")));
    }

    @Test
    void aBinaryPlanWithoutTerraformIsAnErrorSayingWhatToRunInstead() throws IOException {
        Path plan = folder.resolve("ci.tfplan");
        Files.write(plan, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});

        ScanResult result = new IacScanner(RuleParameters.defaults(), new TerraformShow(List.of()))
                .scan(ScanRequest.of(List.of(folder)));

        assertEquals(List.of(new ScanError(IacScanner.display(plan), 0, "is a binary Terraform plan and terraform is"
                + " not on the PATH to read it; where the plan was made, run `terraform show -json ci.tfplan >"
                + " plan.json` and scan plan.json")), result.errors());
    }
}
