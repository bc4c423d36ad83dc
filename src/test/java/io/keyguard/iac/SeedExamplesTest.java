package io.keyguard.iac;

import static io.keyguard.iac.IacFixtures.finding;
import static io.keyguard.iac.IacFixtures.lineContaining;
import static io.keyguard.iac.IacFixtures.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.configrule.Compliance;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples from the original rule description: each compliant-* passes, each noncompliant-* fails, on its line. */
class SeedExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "seed/compliant-1.yaml,       EndpointConfig,   COMPLIANT,     'EndpointConfig:'",
        "seed/compliant-2.json,       EndpointConfig,   COMPLIANT,     '\"EndpointConfig\": {'",
        "seed/compliant-snippet.yaml, MyEndpointConfig, COMPLIANT,     'MyEndpointConfig:'",
        "seed/noncompliant-1.yaml,    EndpointConfig,   NON_COMPLIANT, 'EndpointConfig:'",
        "seed/noncompliant-2.json,    EndpointConfig,   NON_COMPLIANT, '\"EndpointConfig\": {'",
    })
    void eachSeedGetsItsVerdictOnTheLineOfItsLogicalId(String file, String resource, Compliance expected,
                                                      String logicalIdLine) {
        ScanResult result = scan(Map.of(), file);

        assertEquals(1, result.findings().size(), "one endpoint config per seed: " + result);
        Finding finding = finding(result, file, resource);
        assertEquals(expected, finding.compliance(), finding.annotation());
        assertEquals(lineContaining(file, logicalIdLine), finding.line());
        assertEquals("AWS::SageMaker::EndpointConfig", finding.resourceType());
        assertTrue(result.errors().isEmpty(), result.errors().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seed/compliant-1.yaml", "seed/compliant-2.json"})
    void placeholderStringsAreAKeyThatIsSetAndADataCaptureConfigThatIsNotAnObjectIsNamed(String file) {
        Finding finding = finding(scan(Map.of(), file), file, "EndpointConfig");

        assertEquals("KmsKeyId String is set; key state and manager were not checked. DataCaptureConfig is the"
                + " string 'DataCaptureConfig', not an object: read as if DataCaptureConfig were absent.",
                finding.annotation());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"seed/noncompliant-1.yaml", "seed/noncompliant-2.json"})
    void aMissingKeyGetsTheConfigRulesAnnotation(String file) {
        assertTrue(finding(scan(Map.of(), file), file, "EndpointConfig").annotation()
                .startsWith("No KmsKeyId: storage volumes use an AWS-owned key you cannot control."));
    }
}
