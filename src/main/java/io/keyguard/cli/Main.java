package io.keyguard.cli;

import io.keyguard.log.BoundedText;
import io.keyguard.log.JsonLog;
import io.keyguard.product.Product;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line, {@code keyguard COMMAND ...} ({@code java -jar keyguard-rule.jar}): {@code run} sends AWS Config
 * events through the rule the Lambda function runs ({@link RunCommand}), {@code scan} judges templates and Terraform
 * plans before deployment ({@link ScanCommand}), {@code remediate} runs the remediation ({@link RemediateCommand}).
 * Help, version and the global flags are answered here; every failure ends as one line on standard error and an exit
 * code of its own, so that a crash is never read as a finding.
 */
public final class Main {

    // The exit codes, one table for every command (the README's "Exit codes", which MainTest reads; each command's help
    // lists its own).
    /** Success: nothing NON_COMPLIANT. */
    static final int OK = 0;
    /** scan: at least one NON_COMPLIANT finding. */
    static final int NON_COMPLIANT_FOUND = 1;
    /** run, remediate: an event or a resource could not be evaluated, or the remediation failed. */
    static final int INVOCATION_FAILED = 1;
    /** A command, option or value that is not one. */
    static final int USAGE = 2;
    /** scan: a file to scan could not be read. */
    static final int UNREADABLE_INPUT = 3;
    /** scan: nothing to scan. */
    static final int NOTHING_TO_SCAN = 4;
    /** run, remediate: the SDK found no region or no credentials. */
    static final int AWS_NOT_CONFIGURED = 5;
    /** Anything else that escapes a command: a bug, or the JVM out of memory. */
    static final int UNEXPECTED_FAILURE = 6;

    /** Taken anywhere on the line: an unexpected failure prints its stack trace too. */
    static final String DEBUG = "--debug";
    private static final List<String> HELP = List.of("--help", "-h");
    private static final List<String> VERSION = List.of("--version", "version");
    /** The options every command takes besides its own (help, and --debug, which is removed before a command runs). */
    static final List<String> EVERY_COMMANDS_OPTIONS = List.of("--help", "-h", DEBUG);

    private Main() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args, System.out, System.err);
        } catch (Throwable reportingFailed) {
            // Saying what failed failed too (out of memory again): the exit code still tells a crash from a finding.
            exit = UNEXPECTED_FAILURE;
        }
        System.exit(exit);
    }

    /** Runs one command with the log lines on {@code err} (standard output is the report's), then puts them back. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, commands(AwsAccess.defaultChains()));
    }

    /** @param commands the commands to offer; tests hand in their own (one that fails, one on other AWS access) */
    static int run(String[] args, PrintStream out, PrintStream err, List<Command> commands) {
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean debug = arguments.removeIf(DEBUG::equals);
        PrintStream logDestination = JsonLog.redirectTo(err);
        try {
            return dispatch(arguments, out, err, commands);
        } catch (Throwable failure) {
            // The last line of defence, errors included: whatever escapes a command gets a code of its own.
            return failed(failure, debug, err);
        } finally {
            JsonLog.redirectTo(logDestination);
        }
    }

    static List<Command> commands(AwsAccess aws) {
        return List.of(
                new Command("run", RunCommand.SUMMARY, RunCommand.HELP,
                        (args, out, err) -> RunCommand.run(args, out, err, aws)),
                new Command("scan", ScanCommand.SUMMARY, ScanCommand.HELP, ScanCommand::run),
                new Command("remediate", RemediateCommand.SUMMARY, RemediateCommand.HELP,
                        (args, out, err) -> RemediateCommand.run(args, out, err, aws)));
    }

    private static int dispatch(List<String> args, PrintStream out, PrintStream err, List<Command> commands) {
        if (args.isEmpty()) {
            err.print(Help.usage(commands));
            return USAGE;
        }
        String first = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (HELP.contains(first) || "help".equals(first)) {
            return help(rest, out, err, commands);
        }
        if (VERSION.contains(first)) {
            out.println(Product.NAME + " " + Product.version());
            return OK;
        }
        Optional<Command> command = find(first, commands);
        if (command.isEmpty()) {
            err.println("error: " + unknownCommandOrOption(first, commands));
            return USAGE;
        }
        if (rest.stream().anyMatch(HELP::contains)) {
            out.print(Help.of(command.get()));
            return OK;
        }
        return command.get().action().run(rest, out, err);
    }

    /** {@code help}, {@code help COMMAND}; {@code --help} and {@code -h} alike. */
    private static int help(List<String> args, PrintStream out, PrintStream err, List<Command> commands) {
        List<String> asked = args.stream().filter(a -> !HELP.contains(a)).toList();
        if (asked.size() > 1) {
            err.println("error: help takes one command, not " + asked.size() + ". " + Help.MORE);
            return USAGE;
        }
        Optional<Command> command = asked.isEmpty() ? Optional.empty() : find(asked.get(0), commands);
        if (command.isPresent()) {
            out.print(Help.of(command.get()));
            return OK;
        }
        if (asked.isEmpty() || "help".equals(asked.get(0)) || VERSION.contains(asked.get(0))) {
            out.print(Help.overview(commands));
            return OK;
        }
        err.println("error: " + unknownCommandOrOption(asked.get(0), commands));
        return USAGE;
    }

    private static Optional<Command> find(String name, List<Command> commands) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static String unknownCommandOrOption(String given, List<Command> commands) {
        List<String> valid = new ArrayList<>();
        if (given.startsWith("-")) {
            valid.addAll(EVERY_COMMANDS_OPTIONS);
            valid.add(VERSION.get(0));
        } else {
            commands.forEach(c -> valid.add(c.name()));
            valid.addAll(List.of("help", VERSION.get(1)));
        }
        return Suggestions.unknown(given.startsWith("-") ? "option" : "command", given, valid, "keyguard --help");
    }

    /**
     * One line for what escaped a command: missing AWS settings (exit code 5) or anything else (6), in words rather
     * than the exception's class; --debug adds the stack trace.
     */
    private static int failed(Throwable failure, boolean debug, PrintStream err) {
        Optional<AwsNotConfiguredException> notConfigured = AwsNotConfiguredException.in(failure);
        if (notConfigured.isPresent()) {
            err.println("error: " + notConfigured.get().getMessage());
        } else {
            err.println("error: unexpected failure: " + whatFailed(failure)
                    + (debug ? "." : ". Rerun with --debug to print the stack trace."));
        }
        if (debug) {
            notConfigured.<Throwable>map(e -> e).orElse(failure).printStackTrace(err);
        }
        return notConfigured.isPresent() ? AWS_NOT_CONFIGURED : UNEXPECTED_FAILURE;
    }

    private static String whatFailed(Throwable failure) {
        String message = failure.getMessage();
        if (failure instanceof OutOfMemoryError) {
            return "out of memory" + (message == null ? "" : " (" + message + ")") + "; give Java more with -Xmx";
        }
        if (failure instanceof StackOverflowError) {
            return "the call stack overflowed";
        }
        return message == null || message.isBlank() ? "an internal error with no message"
                : BoundedText.abbreviate(message);
    }
}
