package io.keyguard.iac.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.keyguard.iac.IacFixtures;
import io.keyguard.iac.ScanResult;
import io.keyguard.rule.RuleParameters;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three report formats over one scan of the seeds, a plan and a malformed file. */
class ReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ScanResult result;
    private static JsonSchema sarifSchema;

    @BeforeAll
    static void scanAndLoadSchema() throws Exception {
        result = IacFixtures.scan(Map.of(), "seed", "terraform/plan.json", "malformed/duplicate-key.yaml");
        try (InputStream schema = ReportsTest.class.getResourceAsStream("/sarif/sarif-2.1.0-rtm.5.json")) {
            sarifSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        }
    }

    @Test
    void sarifIsValidAgainstTheSarif210SchemaWithOrWithoutPassingResults() throws Exception {
        for (boolean all : new boolean[] {false, true}) {
            Set<ValidationMessage> problems = sarifSchema.validate(JSON.readTree(SarifReport.render(result, all)));
            assertTrue(problems.isEmpty(), problems.toString());
        }
        ObjectNode withoutVersion = (ObjectNode) JSON.readTree(SarifReport.render(result, false));
        withoutVersion.remove("version");
        assertFalse(sarifSchema.validate(withoutVersion).isEmpty(), "the schema does catch a missing version");
    }

    @Test
    void sarifCarriesTheRuleAndOneErrorResultPerNonCompliantConfigWithFileLineAndLogicalLocation() throws Exception {
        JsonNode sarif = JSON.readTree(SarifReport.render(result, false));

        assertEquals("2.1.0", sarif.path("version").asText());
        JsonNode run = sarif.path("runs").get(0);
        JsonNode driver = run.path("tool").path("driver");
        assertEquals("keyguard", driver.path("name").asText());
        assertEquals("1.0.0", driver.path("version").asText());
        JsonNode rule = driver.path("rules").get(0);
        assertEquals("sagemaker-endpoint-config-cmk", rule.path("id").asText());
        assertFalse(rule.path("help").path("text").asText().isBlank());
        assertEquals("error", rule.path("defaultConfiguration").path("level").asText());

        JsonNode results = run.path("results");
        assertEquals(4, results.size(), "only NON_COMPLIANT by default: " + results);
        JsonNode first = results.get(0);
        assertEquals("sagemaker-endpoint-config-cmk", first.path("ruleId").asText());
        assertEquals("error", first.path("level").asText());
        assertEquals("fail", first.path("kind").asText());
        assertTrue(first.path("message").path("text").asText().startsWith("EndpointConfig is NON_COMPLIANT: No KmsKeyId"));
        JsonNode location = first.path("locations").get(0);
        assertEquals("src/test/resources/iac/seed/noncompliant-1.yaml",
                location.path("physicalLocation").path("artifactLocation").path("uri").asText());
        assertEquals(26, location.path("physicalLocation").path("region").path("startLine").asInt());
        assertEquals("EndpointConfig", location.path("logicalLocations").get(0).path("name").asText());
        assertEquals("resource", location.path("logicalLocations").get(0).path("kind").asText());
        assertEquals("module.inference.aws_sagemaker_endpoint_configuration.this[0]",
                results.get(2).path("locations").get(0).path("logicalLocations").get(0).path("name").asText());
    }

    @Test
    void sarifWithAllResultsMarksOthersAsPassOrNotApplicableAtLevelNone() throws Exception {
        JsonNode results = JSON.readTree(SarifReport.render(result, true)).path("runs").get(0).path("results");

        assertEquals(result.findings().size(), results.size());
        List<String> kindsAndLevels = new ArrayList<>();
        results.forEach(r -> kindsAndLevels.add(r.path("properties").path("compliance").asText() + "/"
                + r.path("kind").asText() + "/" + r.path("level").asText()));
        assertTrue(kindsAndLevels.contains("COMPLIANT/pass/none"), kindsAndLevels.toString());
        assertTrue(kindsAndLevels.contains("NOT_APPLICABLE/notApplicable/none"), kindsAndLevels.toString());
        assertTrue(kindsAndLevels.contains("NON_COMPLIANT/fail/error"), kindsAndLevels.toString());
    }

    @Test
    void sarifReportsAnUnreadableFileAsAFailedToolExecution() throws Exception {
        JsonNode invocation = JSON.readTree(SarifReport.render(result, false)).path("runs").get(0)
                .path("invocations").get(0);

        assertFalse(invocation.path("executionSuccessful").asBoolean(true));
        JsonNode notification = invocation.path("toolExecutionNotifications").get(0);
        assertEquals("error", notification.path("level").asText());
        assertEquals("src/test/resources/iac/malformed/duplicate-key.yaml:6: duplicate key 'KmsKeyId' (first at line 5)",
                notification.path("message").path("text").asText());
        assertEquals(6, notification.path("locations").get(0).path("physicalLocation").path("region")
                .path("startLine").asInt());
    }

    @Test
    void sarifUrisAreEscaped() {
        assertEquals("infra/my%20stack/template.yaml", SarifReport.uri("infra/my stack/template.yaml"));
    }

    @Test
    void jsonHasEveryFindingErrorParameterAndTheCounts() throws Exception {
        JsonNode report = JSON.readTree(JsonReport.render(result, RuleParameters.defaults()));

        assertEquals(result.findings().size(), report.path("findings").size());
        JsonNode finding = report.path("findings").get(0);
        assertEquals("src/test/resources/iac/seed/compliant-1.yaml", finding.path("file").asText());
        assertEquals(26, finding.path("line").asInt());
        assertEquals("EndpointConfig", finding.path("resource").asText());
        assertEquals("AWS::SageMaker::EndpointConfig", finding.path("resourceType").asText());
        assertEquals("COMPLIANT", finding.path("compliance").asText());
        assertEquals(6, report.path("errors").get(0).path("line").asInt());
        assertTrue(report.path("parameters").path("requireCustomerManagedKey").asBoolean());
        JsonNode summary = report.path("summary");
        assertEquals(10, summary.path("endpointConfigs").asInt());
        assertEquals(4, summary.path("NON_COMPLIANT").asInt());
        assertEquals(5, summary.path("COMPLIANT").asInt());
        assertEquals(1, summary.path("NOT_APPLICABLE").asInt());
        assertEquals(1, summary.path("filesUnreadable").asInt());
        assertEquals(6, summary.path("filesScanned").asInt());
    }

    @Test
    void theTableShowsVerdictPlaceAndResourceThenTheAnnotationAndEndsWithTheSummary() {
        String table = TableReport.render(result);

        assertTrue(table.startsWith("COMPLIANT       src/test/resources/iac/seed/compliant-1.yaml:26  EndpointConfig\n"
                + "                KmsKeyId String is set;"), table);
        assertTrue(table.contains("NON_COMPLIANT   src/test/resources/iac/seed/noncompliant-2.json:38  EndpointConfig\n"),
                table);
        assertTrue(table.contains("ERROR           src/test/resources/iac/malformed/duplicate-key.yaml:6: duplicate key"),
                table);
        assertTrue(table.endsWith("\n10 endpoint config(s) in 6 file(s): 4 NON_COMPLIANT, 5 COMPLIANT,"
                + " 1 NOT_APPLICABLE; 1 file(s) could not be read\n"), table);
    }
}
