package io.keyguard.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.VariantFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hook's properties are read by the scan's own reader: every endpoint config of the scan's fixtures gives the
 * same facts through {@link ResourceProperties} as through the template scan, with its scalars as JSON values or
 * as the strings CloudFormation may send instead.
 */
class ResourcePropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TEMPLATES = List.of("cfn/shapes.json", "cfn/other-slots.json",
            "seed/compliant-2.json", "seed/noncompliant-2.json");

    /** Each literal endpoint config of the fixtures (those with intrinsics are the scan's business only). */
    static Stream<Arguments> literalEndpointConfigs() throws IOException {
        List<Arguments> configs = new ArrayList<>();
        for (String template : TEMPLATES) {
            JsonNode resources = JSON.readTree(IacFixtures.fixture(template).toFile()).path("Resources");
            resources.properties().forEach(resource -> {
                JsonNode definition = resource.getValue();
                if (CloudFormationEndpointConfigs.RESOURCE_TYPE.equals(definition.path("Type").asText())
                        && !definition.toString().matches(".*\"(Ref|Fn::\\w+)\".*")) {
                    configs.add(Arguments.of(template, resource.getKey(), definition.path("Properties")));
                }
            });
        }
        return configs.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("literalEndpointConfigs")
    void theHookReadsEveryPropertyAsTheScanReadsIt(String template, String logicalId, JsonNode properties) {
        Path file = IacFixtures.fixture(template);
        ScannedEndpointConfig scanned = CloudFormationEndpointConfigs.read(file,
                (IacNode.Mapping) JsonTreeReader.read(file)).stream()
                .filter(config -> config.resource().equals(logicalId)).findFirst().orElseThrow();
        ScannedEndpointConfig.Alternative fromScan = scanned.alternatives().get(0);

        for (JsonNode form : List.of(properties, stringified(properties))) {
            if (fromScan.notes().isEmpty()) {
                assertEquals(fromScan.facts(), ResourceProperties.endpointConfig(form, logicalId), form.toString());
            } else {
                // What the scan reads with a note (a placeholder where an object belongs) the hook refuses with it.
                assertEquals(String.join(" ", fromScan.notes()), assertThrows(
                        ResourceProperties.UnreadablePropertiesException.class,
                        () -> ResourceProperties.endpointConfig(form, logicalId)).getMessage());
            }
        }
    }

    @Test
    void everyPartOfTheFactsComesFromTheProperties() throws IOException {
        JsonNode properties = JSON.readTree("""
                {"EndpointConfigName": "fraud-scoring", "KmsKeyId": "alias/ml-storage",
                 "ProductionVariants": [
                   {"VariantName": "AllTraffic", "InstanceType": "ml.m5.large",
                    "CoreDumpConfig": {"DestinationS3Uri": "s3://dumps", "KmsKeyId": "alias/dumps"}},
                   {"VariantName": "Pooled", "InstancePools": [{"InstanceType": "ml.c5.xlarge"},
                                                              {"InstanceType": "ml.g5.xlarge"}]}],
                 "ShadowProductionVariants": [{"VariantName": "Candidate", "ServerlessConfig": {"MemorySizeInMB": "2048"}}],
                 "DataCaptureConfig": {"EnableCapture": "false", "KmsKeyId": "alias/capture"},
                 "AsyncInferenceConfig": {"OutputConfig": {"KmsKeyId": "alias/async"}},
                 "Tags": [{"Key": "team", "Value": "fraud"}, {"Key": "compliance-exempt", "Value": ""}]}
                """);

        assertEquals(new EndpointConfigFacts("fraud-scoring", null, "alias/ml-storage", List.of(
                new VariantFacts("AllTraffic", List.of("ml.m5.large"), false, false,
                        new VariantFacts.CoreDump("alias/dumps")),
                new VariantFacts("Pooled", List.of("ml.c5.xlarge", "ml.g5.xlarge"), false, false, null),
                new VariantFacts("Candidate", List.of(), true, true, null)),
                false, "alias/capture", true, "alias/async", Map.of("team", "fraud", "compliance-exempt", "")),
                ResourceProperties.endpointConfig(properties, "FraudScoringConfig"));
    }

    @Test
    void withoutAnEndpointConfigNameTheLogicalIdNamesTheConfig() throws IOException {
        EndpointConfigFacts facts = ResourceProperties.endpointConfig(JSON.readTree("{\"KmsKeyId\":\"k\"}"), "Cfg");

        assertEquals("Cfg", facts.name());
        assertEquals(List.of(), facts.variants());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[]|resourceProperties must be a JSON object",
        "{\"KmsKeyId\":[\"a\"]}|KmsKeyId must be a string or an intrinsic function, not a list",
        "{\"KmsKeyId\":{\"Fn::If\":[\"UseCmk\",\"a\",\"b\"]}}|Fn::If on condition UseCmk is not resolved;"
                + " CloudFormation resolves conditions before a hook sees the properties",
        "{\"DataCaptureConfig\":\"on\"}|DataCaptureConfig is the string 'on', not an object: read as if"
                + " DataCaptureConfig were absent.",
        "{\"Tags\":{\"Fn::ImportValue\":\"tags\"}}|Tags is !ImportValue tags: its items are known only at"
                + " deployment and were not checked."})
    void propertiesOfAShapeCloudFormationDoesNotResolveToAreRefusedNamingTheProperty(String properties,
                                                                                      String message) {
        ResourceProperties.UnreadablePropertiesException e = assertThrows(
                ResourceProperties.UnreadablePropertiesException.class,
                () -> ResourceProperties.endpointConfig(JSON.readTree(properties), "Cfg"));

        assertEquals(message, e.getMessage());
    }

    @Test
    void nullPropertiesAreRefused() {
        ResourceProperties.UnreadablePropertiesException e = assertThrows(
                ResourceProperties.UnreadablePropertiesException.class,
                () -> ResourceProperties.endpointConfig(JsonNodeFactory.instance.nullNode(), "Cfg"));
        assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
    }

    /** A copy with every number and boolean as its text, as CloudFormation may send resolved properties. */
    private static JsonNode stringified(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), stringified(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(stringified(item)));
            return copy;
        }
        return node.isNumber() || node.isBoolean() ? JsonNodeFactory.instance.textNode(node.asText()) : node;
    }
}
