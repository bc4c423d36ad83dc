package io.keyguard.iac;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/**
 * An {@code --exclude} pattern, read as {@code .gitignore} reads one: without a slash it matches a file or folder name
 * at any depth ({@code *.json}, {@code legacy}); with one it matches the path relative to the folder scanned
 * ({@code modules/legacy/**}); a folder that matches takes everything in it along.
 */
public final class ExcludeGlob implements PathMatcher {

    private final String glob;
    private final PathMatcher matcher;
    private final boolean byName;

    private ExcludeGlob(String glob, PathMatcher matcher, boolean byName) {
        this.glob = glob;
        this.matcher = matcher;
        this.byName = byName;
    }

    /** @throws IllegalArgumentException naming the pattern when it is not a glob */
    public static ExcludeGlob of(String glob) {
        String pattern = glob.replace('\\', '/');
        while (pattern.startsWith("./")) {
            pattern = pattern.substring(2);
        }
        if (pattern.endsWith("/")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("--exclude '" + glob + "' matches nothing: give a name or a path");
        }
        try {
            return new ExcludeGlob(glob, FileSystems.getDefault().getPathMatcher("glob:" + pattern),
                    !pattern.contains("/"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--exclude '" + glob + "' is not a valid glob: " + e.getDescription());
        }
    }

    /** @param relative a file's path relative to the folder given */
    @Override
    public boolean matches(Path relative) {
        if (byName) {
            for (Path name : relative) {
                if (matcher.matches(name)) {
                    return true;
                }
            }
            return false;
        }
        for (int end = 1; end <= relative.getNameCount(); end++) {
            if (matcher.matches(relative.subpath(0, end))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return glob;
    }
}
