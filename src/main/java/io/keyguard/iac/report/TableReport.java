package io.keyguard.iac.report;

import io.keyguard.iac.Finding;
import io.keyguard.iac.ScanError;
import io.keyguard.iac.ScanResult;

/** The report for people: verdict, place and resource on one line, the annotation below, a summary at the end. */
public final class TableReport {

    private static final String ROW = "%-15s %s:%d  %s%n";
    private static final String DETAIL = "%15s %s%n";

    private TableReport() {
    }

    public static String render(ScanResult result) {
        StringBuilder out = new StringBuilder();
        for (Finding finding : result.findings()) {
            out.append(String.format(ROW, finding.compliance(), finding.file(), finding.line(), finding.resource()));
            out.append(String.format(DETAIL, "", finding.annotation()));
        }
        for (ScanError error : result.errors()) {
            out.append(String.format("%-15s %s%n", "ERROR", error));
        }
        if (!result.findings().isEmpty() || !result.errors().isEmpty()) {
            out.append(System.lineSeparator());
        }
        return out.append(result.summary()).append(System.lineSeparator()).toString();
    }
}
