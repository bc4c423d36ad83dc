package io.keyguard.cli;

import io.keyguard.product.Product;
import java.util.List;

/**
 * What {@code --help} prints: the commands, each command's own help (which starts with its usage line), and the exit
 * codes, which are one table for every command (docs/command-line.md has it too).
 */
final class Help {

    /** Points from any usage error to the help. */
    static final String MORE = "Run 'keyguard --help' for what each command does, its options and the exit codes.";

    /** What {@code code} means, for the commands named (every command when none is). */
    private record ExitCode(int code, String meaning, List<String> commands) {
    }

    private static final List<ExitCode> EXIT_CODES = List.of(
            new ExitCode(Main.OK, "success: nothing NON_COMPLIANT", List.of("scan")),
            new ExitCode(Main.OK, "success: every event evaluated and its evaluations put", List.of("run")),
            new ExitCode(Main.OK, "success: the remediation did not fail (a dry run's plan included)",
                    List.of("remediate")),
            new ExitCode(Main.NON_COMPLIANT_FOUND, "NON_COMPLIANT found", List.of("scan")),
            new ExitCode(Main.INVOCATION_FAILED, "an invocation failed: an event or a resource could not be evaluated",
                    List.of("run")),
            new ExitCode(Main.INVOCATION_FAILED, "the remediation failed: REFUSED, INCOMPLETE, or an AWS call failed",
                    List.of("remediate")),
            new ExitCode(Main.USAGE, "usage error: bad command, option or value", List.of()),
            new ExitCode(Main.UNREADABLE_INPUT, "a file to scan could not be read", List.of("scan")),
            new ExitCode(Main.NOTHING_TO_SCAN, "nothing to scan", List.of("scan")),
            new ExitCode(Main.AWS_NOT_CONFIGURED, "AWS is not configured: no region or no credentials",
                    List.of("run", "remediate")),
            new ExitCode(Main.UNEXPECTED_FAILURE, "unexpected failure (a bug, or out of memory); rerun with --debug",
                    List.of()));

    private Help() {
    }

    /** For {@code keyguard --help}: what the tool is, its commands, the global options, every exit code. */
    static String overview(List<Command> commands) {
        StringBuilder text = new StringBuilder(Product.NAME + " " + Product.version()
                + ": do SageMaker endpoint configs encrypt their storage with a customer-managed KMS key?\n\n"
                + "usage: keyguard COMMAND [ARGUMENTS...]   (keyguard is java -jar keyguard-rule.jar)\n\n"
                + "commands:\n");
        for (Command command : commands) {
            text.append(String.format("  %-10s %s\n", command.name(), command.summary()));
        }
        text.append("""
                  help       this help, or a command's: keyguard help COMMAND (or keyguard COMMAND --help)
                  version    print the version

                options, anywhere on the line:
                  -h, --help  this help; after a command, the command's
                  --version   print the version
                  --debug     print the stack trace of an unexpected failure

                """);
        return text.append(exitCodes(null)).toString();
    }

    /** For {@code keyguard COMMAND --help}: the command's own help, then its exit codes. */
    static String of(Command command) {
        return command.help() + "\n" + exitCodes(command.name());
    }

    /** For a command line with no command: every command's usage line. */
    static String usage(List<Command> commands) {
        StringBuilder text = new StringBuilder();
        for (Command command : commands) {
            String usage = command.help().lines().findFirst().orElse(command.name());
            text.append(text.length() == 0 ? usage : usage.replaceFirst("^usage:", "   or:"))
                    .append("   (").append(command.summary()).append(")\n");
        }
        return text.append(MORE).append('\n').toString();
    }

    /** The exit codes {@code command} can end with; every code, each with the commands it is for, when null. */
    private static String exitCodes(String command) {
        StringBuilder text = new StringBuilder("exit codes:\n");
        for (ExitCode exit : EXIT_CODES) {
            if (command == null || exit.commands().isEmpty() || exit.commands().contains(command)) {
                String forWhom = command != null || exit.commands().isEmpty() ? ""
                        : " (" + String.join(", ", exit.commands()) + ")";
                text.append("  ").append(exit.code()).append("  ").append(exit.meaning()).append(forWhom).append('\n');
            }
        }
        return text.toString();
    }
}
