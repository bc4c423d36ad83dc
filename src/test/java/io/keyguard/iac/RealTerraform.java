package io.keyguard.iac;

import io.keyguard.testing.JdkProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Terraform as installed on the build machines, offline: the {@code hashicorp/aws} provider from the filesystem mirror
 * under {@code /opt/tf-plugins} (a CLI config file points there) and fixtures whose provider block has fake keys and
 * skips every call, so {@code terraform plan -refresh=false} needs no network and no account.
 */
final class RealTerraform {

    static final Path MIRROR = Path.of("/opt/tf-plugins");

    private final Path executable;
    private final Path cliConfig;

    private RealTerraform(Path executable, Path cliConfig) {
        this.executable = executable;
        this.cliConfig = cliConfig;
    }

    /** Terraform and the provider mirror, or empty when this machine lacks either. */
    static Optional<RealTerraform> find(Path workFolder) throws IOException {
        Optional<Path> executable = TerraformShow.onPath().executable()
                .or(() -> Optional.of(Path.of("/usr/local/bin/terraform")).filter(Files::isExecutable));
        if (executable.isEmpty() || !Files.isDirectory(MIRROR)) {
            return Optional.empty();
        }
        Path cliConfig = workFolder.resolve("terraform.rc");
        Files.writeString(cliConfig, "provider_installation {\n  filesystem_mirror {\n    path = \"" + MIRROR
                + "\"\n  }\n}\n");
        return Optional.of(new RealTerraform(executable.get(), cliConfig));
    }

    /** {@code terraform init} then {@code terraform plan -refresh=false -out tfplan} in {@code module}: the plan file. */
    Path plan(Path module) throws IOException, InterruptedException {
        run(module, "init", "-input=false", "-no-color");
        run(module, "plan", "-refresh=false", "-input=false", "-no-color", "-out=tfplan");
        return module.resolve("tfplan");
    }

    private void run(Path module, String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = executable.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(module.toFile());
        builder.environment().put("TF_CLI_CONFIG_FILE", cliConfig.toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        JdkProcess.Result result = JdkProcess.run(builder);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("terraform " + String.join(" ", arguments) + " failed in " + module
                    + ":\n" + result.output());
        }
    }
}
