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
import io.keyguard.rule.RuleParameters;
import java.io.UncheckedIOException;

/** The report for scripts: the tool, the parameters used, every finding and error, and the counts. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(ScanResult result, RuleParameters parameters) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("tool").put("name", ToolInfo.NAME).put("version", Product.version())
                .put("rule", ToolInfo.RULE_ID);
        root.set("parameters", JSON.valueToTree(parameters));
        ArrayNode findings = root.putArray("findings");
        for (Finding finding : result.findings()) {
            ObjectNode node = findings.addObject().put("file", finding.file());
            if (finding.line() > 0) {
                node.put("line", finding.line());
            }
            node.put("resource", finding.resource()).put("resourceType", finding.resourceType())
                    .put("compliance", finding.compliance().name()).put("annotation", finding.annotation());
            if (finding.suppressed()) {
                node.putObject("suppressed").put("line", finding.suppression().line())
                        .put("reason", finding.suppression().reason());
            }
        }
        ArrayNode errors = root.putArray("errors");
        for (ScanError error : result.errors()) {
            ObjectNode node = errors.addObject().put("file", error.file());
            if (error.line() > 0) {
                node.put("line", error.line());
            }
            node.put("message", error.message());
        }
        ArrayNode skipped = root.putArray("notRead");
        for (ScanResult.Skipped item : result.skipped()) {
            ObjectNode node = skipped.addObject().put("file", item.file());
            if (item.line() > 0) {
                node.put("line", item.line());
            }
            node.put("what", item.what()).put("why", item.why());
        }
        ObjectNode summary = root.putObject("summary").put("endpointConfigs", result.findings().size());
        for (Compliance compliance : Compliance.values()) {
            summary.put(compliance.name(), result.count(compliance));
        }
        summary.put("SUPPRESSED", result.suppressed());
        summary.put("filesScanned", result.filesScanned()).put("filesUnreadable", result.errors().size())
                .put("filesIgnored", result.filesIgnored()).put("notRead", result.skipped().size());
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
