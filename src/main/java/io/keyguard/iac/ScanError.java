package io.keyguard.iac;

/**
 * A file that could not be scanned.
 *
 * @param line 1-based, or 0 when the problem is not at one line (the file cannot be opened, is empty, ...)
 */
public record ScanError(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
