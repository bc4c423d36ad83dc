package io.keyguard.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.configrule.Compliance;
import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scan of Terraform source and the scan of the plan Terraform makes from it give each resource the same verdict.
 * The plans are real: made by the Terraform on the PATH with the provider mirror (see {@link RealTerraform}); without
 * them this test is skipped, saying so, because a hand-written plan would only repeat our own reading of the format.
 */
class TerraformSourceAndPlanTest {

    private static final Path SOURCES = IacFixtures.fixture("terraform/source");

    /** One plan per fixture, made the first time a case needs it and judged under every parameter set. */
    @TempDir
    static Path work;
    private static final Map<String, Path> PLANS = new HashMap<>();

    /**
     * terraform init links the provider from the mirror into each fixture's .terraform: those links are removed
     * here, so the temporary folder's clean-up has only plain files to delete (and nothing to warn about).
     */
    @AfterAll
    static void unlinkProviders() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path link : paths.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        }
    }

    static Stream<Arguments> fixturesAndParameters() {
        Map<String, String> defaults = Map.of();
        Map<String, String> strict = Map.of("requireKeyRotation", "true", "checkDataCaptureKey", "true",
                "localStorageVerdict", "NON_COMPLIANT");
        return Stream.of(
                Arguments.of("basic", defaults, Map.of(
                        "aws_sagemaker_endpoint_configuration.literal_key", Compliance.COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.no_key", Compliance.NON_COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.key_created_here", Compliance.COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.key_without_rotation", Compliance.COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.nvme", Compliance.NOT_APPLICABLE,
                        "aws_sagemaker_endpoint_configuration.serverless", Compliance.NON_COMPLIANT)),
                Arguments.of("basic", strict, Map.of(
                        "aws_sagemaker_endpoint_configuration.key_created_here", Compliance.COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.key_without_rotation", Compliance.NON_COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.capture_without_key", Compliance.NON_COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.nvme", Compliance.NON_COMPLIANT)),
                Arguments.of("modules", defaults, Map.of(
                        "aws_sagemaker_endpoint_configuration.replicas", Compliance.COMPLIANT,
                        "aws_sagemaker_endpoint_configuration.per_team", Compliance.NON_COMPLIANT,
                        "module.inference.aws_sagemaker_endpoint_configuration.this", Compliance.COMPLIANT,
                        "module.unencrypted.aws_sagemaker_endpoint_configuration.this", Compliance.NON_COMPLIANT,
                        "module.with_module_key.aws_sagemaker_endpoint_configuration.this", Compliance.COMPLIANT)),
                Arguments.of("modules", strict, Map.of(
                        "module.inference.aws_sagemaker_endpoint_configuration.this", Compliance.COMPLIANT,
                        "module.unencrypted.aws_sagemaker_endpoint_configuration.this", Compliance.NON_COMPLIANT)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixturesAndParameters")
    void theSourceAndItsRealPlanGetTheSameVerdicts(String fixture, Map<String, String> parameters,
                                                   Map<String, Compliance> expected)
            throws IOException, InterruptedException {
        Path plan = planOf(fixture);
        Path module = plan.getParent();
        IacScanner scanner = new IacScanner(RuleParameters.parse(parameters));

        ScanResult source = scanner.scan(ScanRequest.of(List.of(module)));
        ScanResult planned = scanner.scan(ScanRequest.of(List.of(plan)));

        assertTrue(source.errors().isEmpty() && planned.errors().isEmpty(), source.errors() + " " + planned.errors());
        Map<String, Compliance> fromSource = verdicts(source);
        assertEquals(fromSource, verdicts(planned), "source on the left, plan on the right");
        expected.forEach((address, compliance) -> assertEquals(compliance, fromSource.get(address), address));
        assertTrue(planned.findings().stream().allMatch(f -> f.file().endsWith("tfplan") && f.line() == 0),
                "findings of a binary plan point at the plan file");
    }

    private static Path planOf(String fixture) throws IOException, InterruptedException {
        if (!PLANS.containsKey(fixture)) {
            Optional<RealTerraform> terraform = RealTerraform.find(work);
            Assumptions.assumeTrue(terraform.isPresent(), "terraform is not on the PATH or the provider mirror "
                    + RealTerraform.MIRROR + " is absent: a real plan cannot be made offline here");
            Path module = work.resolve(fixture);
            copy(SOURCES.resolve(fixture), module);
            PLANS.put(fixture, terraform.get().plan(module));
        }
        return PLANS.get(fixture);
    }

    /** Every resource's verdict by its address without instance keys: count and for_each instances are judged alike. */
    private static Map<String, Compliance> verdicts(ScanResult result) {
        Map<String, Compliance> verdicts = new TreeMap<>();
        for (Finding finding : result.findings()) {
            String address = TerraformPlanEndpointConfigs.withoutInstanceKeys(finding.resource());
            Compliance previous = verdicts.put(address, finding.compliance());
            assertTrue(previous == null || previous == finding.compliance(), "instances of " + address + " differ");
        }
        return verdicts;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
