package io.keyguard.iac;

import io.keyguard.log.IoProblems;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A binary plan ({@code terraform plan -out FILE}) read through {@code terraform show -json}: only Terraform can read
 * its own format, and only with the providers the plan was made with, so it runs in the plan's folder, where
 * {@code terraform init} put them.
 */
final class TerraformShow {

    /** A plan file is a zip archive. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** Far above what reading any plan takes; only a hung terraform reaches it. */
    private static final long LIMIT_MINUTES = 10;

    private final List<Path> searchPath;

    TerraformShow(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** terraform as found on the PATH. */
    static TerraformShow onPath() {
        String path = System.getenv("PATH");
        return new TerraformShow(path == null ? List.of()
                : Arrays.stream(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList());
    }

    static boolean isBinaryPlan(Path file) {
        byte[] start = new byte[ZIP_MAGIC.length];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(start, 0, start.length) == start.length && Arrays.equals(start, ZIP_MAGIC);
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
    }

    Optional<Path> executable() {
        return searchPath.stream().map(folder -> folder.resolve("terraform"))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate)).findFirst();
    }

    /** The plan as JSON, read like any plan in JSON; the findings point at the plan file itself. */
    IacNode read(Path plan) {
        Path terraform = executable().orElseThrow(() -> new UnreadableFileException(plan, 0,
                "is a binary Terraform plan and terraform is not on the PATH to read it; where the plan was made, run"
                        + " `terraform show -json " + plan.getFileName() + " > plan.json` and scan plan.json"));
        Path folder = plan.toAbsolutePath().getParent();
        Path json = null;
        Path errors = null;
        try {
            json = Files.createTempFile("keyguard-plan", ".json");
            errors = Files.createTempFile("keyguard-plan", ".err");
            Process process = new ProcessBuilder(terraform.toString(), "show", "-json", "-no-color",
                    plan.toAbsolutePath().toString())
                    .directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(json.toFile())
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new UnreadableFileException(plan, 0, "terraform show -json did not finish in "
                        + LIMIT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new UnreadableFileException(plan, 0, "terraform show -json failed (exit " + process.exitValue()
                        + "): " + firstLines(errors) + ". Terraform reads a plan with the providers it was made with:"
                        + " run the scan in the folder where `terraform init` and `terraform plan -out` ran, or scan"
                        + " the output of `terraform show -json` made there");
            }
            try {
                return JsonTreeReader.read(json);
            } catch (UnreadableFileException e) {
                throw new UnreadableFileException(plan, 0, "terraform show -json printed something that is "
                        + e.problem());
            }
        } catch (IOException e) {
            throw new UnreadableFileException(plan, 0, "cannot run terraform show -json: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableFileException(plan, 0, "interrupted while terraform show -json ran");
        } finally {
            deleteQuietly(json);
            deleteQuietly(errors);
        }
    }

    /** Terraform's own words from its first error on (its warnings are not why it failed), on one line. */
    private static String firstLines(Path errors) throws IOException {
        List<String> lines = Files.readString(errors, StandardCharsets.UTF_8).lines()
                .map(line -> line.replaceAll("^[\\s│╷╵]+", "").strip()).filter(line -> !line.isEmpty()).toList();
        int firstError = 0;
        while (firstError < lines.size() && !lines.get(firstError).startsWith("Error:")) {
            firstError++;
        }
        String joined = lines.stream().skip(firstError == lines.size() ? 0 : firstError).limit(4)
                .collect(Collectors.joining(" "));
        return joined.isEmpty() ? "no message" : joined;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left in the temp folder is harmless; the scan's result is what matters
            file.toFile().deleteOnExit();
        }
    }
}
