package io.keyguard.iac;

import io.keyguard.configrule.Compliance;
import java.util.List;

/**
 * Everything one scan found.
 *
 * @param findings     one per endpoint config, in file and then source order
 * @param errors       files that could not be read; their endpoint configs were not judged
 * @param skipped      what was found and not read (a Terraform module from a remote source), with why
 * @param scanned      templates, plans and Terraform files (.tf, .tfvars) read, as shown to the user
 * @param ignored      files in the folders given that are neither a template nor a plan
 */
public record ScanResult(List<Finding> findings, List<ScanError> errors, List<Skipped> skipped, List<String> scanned,
                         List<String> ignored) {

    /**
     * Something the scan found and did not read, with why: never passed over without a word.
     *
     * @param what what was not read, such as {@code module.kms}
     */
    public record Skipped(String file, int line, String what, String why) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + what + " not read: " + why;
        }
    }

    public ScanResult {
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
        skipped = List.copyOf(skipped);
        scanned = List.copyOf(scanned);
        ignored = List.copyOf(ignored);
    }

    public int filesScanned() {
        return scanned.size();
    }

    public int filesIgnored() {
        return ignored.size();
    }

    /** Findings with this verdict; NON_COMPLIANT counts only those not suppressed. */
    public long count(Compliance compliance) {
        return findings.stream().filter(f -> f.compliance() == compliance && !f.suppressed()).count();
    }

    public long suppressed() {
        return findings.stream().filter(Finding::suppressed).count();
    }

    /** NON_COMPLIANT findings nobody suppressed: what fails a scan. */
    public long failing() {
        return findings.stream().filter(Finding::failing).count();
    }

    /** One line for people: how many configs, each verdict, errors and ignored files. */
    public String summary() {
        return findings.size() + " endpoint config(s) in " + scanned.size() + " file(s): "
                + count(Compliance.NON_COMPLIANT) + " NON_COMPLIANT, " + count(Compliance.COMPLIANT) + " COMPLIANT, "
                + count(Compliance.NOT_APPLICABLE) + " NOT_APPLICABLE"
                + (suppressed() == 0 ? "" : ", " + suppressed() + " SUPPRESSED")
                + (errors.isEmpty() ? "" : "; " + errors.size() + " file(s) could not be read")
                + (skipped.isEmpty() ? "" : "; " + skipped.size() + " not read (see above)")
                + (ignored.isEmpty() ? "" : "; " + ignored.size() + " file(s) ignored (not a template or plan)");
    }
}
