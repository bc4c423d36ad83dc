package io.keyguard.iac;

import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * What to scan.
 *
 * @param paths    files and folders as given
 * @param excludes paths to leave out, matched against each file's path relative to the folder given
 * @param varFiles Terraform variable files read after {@code terraform.tfvars} and {@code *.auto.tfvars}, in order
 */
public record ScanRequest(List<Path> paths, List<PathMatcher> excludes, List<Path> varFiles) {

    public ScanRequest {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
        varFiles = List.copyOf(varFiles);
    }

    public static ScanRequest of(List<Path> paths) {
        return new ScanRequest(paths, List.of(), List.of());
    }
}
