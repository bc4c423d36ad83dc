package io.keyguard.iac.report;


/** The output formats of the scan command. */
public enum ReportFormat {
    /** For people: one block per endpoint config, then a summary line. */
    TABLE,
    /** For scripts: findings, errors and a summary in one JSON object. */
    JSON,
    /** SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps). */
    SARIF;

    /** @throws IllegalArgumentException naming the accepted formats */
    public static ReportFormat parse(String name) {
        for (ReportFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "'; use table, json or sarif");
    }
}
