package io.keyguard.iac;

import io.keyguard.configrule.Compliance;
import java.util.List;

/**
 * Everything one scan found.
 *
 * @param findings     one per endpoint config, in file and then source order
 * @param errors       files that could not be read; their endpoint configs were not judged
 * @param filesScanned templates and plans read
 * @param filesIgnored files in the folders given that are neither a template nor a plan
 */
public record ScanResult(List<Finding> findings, List<ScanError> errors, int filesScanned, int filesIgnored) {

    public ScanResult {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
    }

    public long count(Compliance compliance) {
        return findings.stream().filter(f -> f.compliance() == compliance).count();
    }

    /** One line for people: how many configs, each verdict, errors and ignored files. */
    public String summary() {
        return findings.size() + " endpoint config(s) in " + filesScanned + " file(s): "
                + count(Compliance.NON_COMPLIANT) + " NON_COMPLIANT, " + count(Compliance.COMPLIANT) + " COMPLIANT, "
                + count(Compliance.NOT_APPLICABLE) + " NOT_APPLICABLE"
                + (errors.isEmpty() ? "" : "; " + errors.size() + " file(s) could not be read")
                + (filesIgnored == 0 ? "" : "; " + filesIgnored + " file(s) ignored (not a template or plan)");
    }
}
