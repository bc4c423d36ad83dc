package io.keyguard.iac.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.configrule.Compliance;
import io.keyguard.iac.Finding;
import io.keyguard.iac.ScanError;
import io.keyguard.iac.ScanResult;
import io.keyguard.product.Product;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * SARIF 2.1.0 for code scanning: one rule, one result per endpoint config. NON_COMPLIANT is {@code level: error,
 * kind: fail}. COMPLIANT ({@code kind: pass}) and NOT_APPLICABLE ({@code kind: notApplicable}) are written only on
 * request, with {@code level: none}, because GitHub code scanning shows every result as an alert whatever its kind.
 * Files that could not be read are tool execution notifications (errors), and the run is marked unsuccessful; what was
 * found and not read, such as a Terraform module from a registry, is a warning notification.
 */
public final class SarifReport {

    public static final String VERSION = "2.1.0";
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SarifReport() {
    }

    /** @param allResults also write COMPLIANT and NOT_APPLICABLE results (level none) */
    public static String render(ScanResult result, boolean allResults) {
        ObjectNode log = JSON.createObjectNode().put("$schema", SCHEMA).put("version", VERSION);
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver").put("name", ToolInfo.NAME)
                .put("version", Product.version()).put("semanticVersion", Product.version());
        ObjectNode rule = driver.putArray("rules").addObject().put("id", ToolInfo.RULE_ID)
                .put("name", ToolInfo.RULE_NAME).put("helpUri", ToolInfo.RULE_HELP_URI);
        rule.putObject("shortDescription").put("text", ToolInfo.RULE_SUMMARY);
        rule.putObject("fullDescription").put("text", ToolInfo.RULE_HELP);
        rule.putObject("help").put("text", ToolInfo.RULE_HELP);
        rule.putObject("defaultConfiguration").put("level", "error");
        rule.putObject("properties").putArray("tags").add("security").add("encryption").add("kms")
                .add("sagemaker");

        ObjectNode invocation = run.putArray("invocations").addObject()
                .put("executionSuccessful", result.errors().isEmpty());
        ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
        for (ScanError error : result.errors()) {
            ObjectNode notification = notifications.addObject().put("level", "error");
            notification.putObject("message").put("text", error.toString());
            notification.putArray("locations").add(physicalLocation(error.file(), error.line()));
        }
        for (ScanResult.Skipped skipped : result.skipped()) {
            ObjectNode notification = notifications.addObject().put("level", "warning");
            notification.putObject("message").put("text", skipped.toString());
            notification.putArray("locations").add(physicalLocation(skipped.file(), skipped.line()));
        }

        ArrayNode results = run.putArray("results");
        for (Finding finding : result.findings()) {
            if (finding.compliance() != Compliance.NON_COMPLIANT && !allResults) {
                continue;
            }
            ObjectNode sarifResult = results.addObject().put("ruleId", ToolInfo.RULE_ID).put("ruleIndex", 0)
                    .put("kind", kind(finding.compliance()))
                    .put("level", finding.compliance() == Compliance.NON_COMPLIANT ? "error" : "none");
            sarifResult.putObject("message").put("text", finding.resource() + " is " + finding.compliance() + ": "
                    + finding.annotation());
            ObjectNode location = physicalLocation(finding.file(), finding.line());
            location.putArray("logicalLocations").addObject().put("name", finding.resource())
                    .put("fullyQualifiedName", finding.file() + "#" + finding.resource()).put("kind", "resource");
            sarifResult.putArray("locations").add(location);
            // Stays the same when lines move, so code scanning keeps tracking one alert per resource.
            sarifResult.putObject("partialFingerprints")
                    .put("resource/v1", finding.file() + "#" + finding.resource());
            sarifResult.putObject("properties").put("resourceType", finding.resourceType())
                    .put("compliance", finding.compliance().name());
            if (finding.suppressed()) {
                // Code scanning shows an in-source suppression as a dismissed alert, with the justification.
                sarifResult.putArray("suppressions").addObject().put("kind", "inSource").put("status", "accepted")
                        .put("justification", finding.suppression().reason());
            }
        }
        try {
            return JSON.writeValueAsString(log) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode physicalLocation(String file, int line) {
        ObjectNode location = JSON.createObjectNode();
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(file));
        if (line > 0) {
            physical.putObject("region").put("startLine", line);
        }
        return location;
    }

    /** A relative URI reference, as code scanning resolves it against the checkout: spaces and the like escaped. */
    public static String uri(String file) {
        try {
            return new URI(null, null, file, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot express " + file + " as a URI", e);
        }
    }

    private static String kind(Compliance compliance) {
        return switch (compliance) {
            case NON_COMPLIANT -> "fail";
            case COMPLIANT -> "pass";
            case NOT_APPLICABLE -> "notApplicable";
        };
    }
}
