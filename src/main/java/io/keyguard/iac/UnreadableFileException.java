package io.keyguard.iac;

import java.nio.file.Path;

/**
 * A file that cannot be read as a template or plan: malformed YAML or JSON, or a value the rule cannot interpret.
 * The message names the file and the line, so the author can go straight to it.
 */
final class UnreadableFileException extends RuntimeException {

    private final transient Path file;
    private final int line;
    private final String problem;

    /** @param line 1-based, or 0 when the problem concerns the file as a whole */
    public UnreadableFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
