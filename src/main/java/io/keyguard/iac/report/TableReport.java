package io.keyguard.iac.report;

import io.keyguard.iac.Finding;
import io.keyguard.iac.ScanError;
import io.keyguard.iac.ScanResult;

/** The report for people: verdict, place and resource on one line, the annotation below, a summary at the end. */
public final class TableReport {

    private static final String ROW = "%-15s %s  %s%n";
    private static final String DETAIL = "%15s %s%n";

    private TableReport() {
    }

    public static String render(ScanResult result) {
        StringBuilder out = new StringBuilder();
        for (Finding finding : result.findings()) {
            out.append(String.format(ROW, finding.suppressed() ? "SUPPRESSED" : finding.compliance(),
                    place(finding.file(), finding.line()), finding.resource()));
            out.append(String.format(DETAIL, "", finding.annotation()));
            if (finding.suppressed()) {
                out.append(String.format(DETAIL, "", "Suppressed (line " + finding.suppression().line() + "): "
                        + finding.suppression().reason()));
            }
        }
        for (ScanResult.Skipped skipped : result.skipped()) {
            out.append(String.format("%-15s %s%n", "NOT READ", skipped));
        }
        for (ScanError error : result.errors()) {
            out.append(String.format("%-15s %s%n", "ERROR", error));
        }
        if (!result.findings().isEmpty() || !result.errors().isEmpty() || !result.skipped().isEmpty()) {
            out.append(System.lineSeparator());
        }
        return out.append(result.summary()).append(System.lineSeparator()).toString();
    }

    /** file:line, or the file alone when the finding has no line (a binary plan). */
    private static String place(String file, int line) {
        return line > 0 ? file + ":" + line : file;
    }
}
