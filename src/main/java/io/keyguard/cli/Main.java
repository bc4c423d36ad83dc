package io.keyguard.cli;

import io.keyguard.app.EndpointConfigRuleService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.Evaluation;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.configrule.ResourceFailure;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.log.JsonLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Command line: {@code run EVENT_FILE|DIR...} sends AWS Config events through the same rule the Lambda function
 * runs, against the account in the environment (or any endpoint given by AWS_ENDPOINT_URL), and prints
 * each evaluation; {@code remediate ...} runs the remediation ({@link RemediateCommand}); {@code scan PATH...}
 * judges the endpoint configs of templates and Terraform plans before deployment ({@link ScanCommand}).
 *
 * <p>Exit codes, for every command (the README's "Exit codes" table): 0 success; 1 an invocation or remediation
 * failed ({@code run}, {@code remediate}) or a NON_COMPLIANT finding ({@code scan}); 2 usage error; 3 a file to
 * scan could not be read.
 */
public final class Main {

    static final int OK = 0;
    static final int INVOCATION_FAILED = 1;
    static final int NON_COMPLIANT_FOUND = 1;
    static final int USAGE = 2;
    static final int UNREADABLE_INPUT = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command with the log lines on {@code err} (standard output is the report's), then puts them back. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintStream logDestination = JsonLog.redirectTo(err);
        try {
            return command(args, out, err);
        } finally {
            JsonLog.redirectTo(logDestination);
        }
    }

    private static int command(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && "remediate".equals(args[0])) {
            return RemediateCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && "scan".equals(args[0])) {
            return ScanCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length < 2 || !"run".equals(args[0])) {
            err.println("usage: run EVENT_FILE|DIRECTORY...   (evaluate AWS Config events and put the evaluations)");
            err.println("   or: " + RemediateCommand.USAGE.substring("usage: ".length()));
            err.println("   or: " + ScanCommand.USAGE.substring("usage: ".length())
                    + "   (judge templates and Terraform plans before deployment)");
            return USAGE;
        }
        List<Path> eventFiles;
        try {
            eventFiles = eventFiles(List.of(args).subList(1, args.length));
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        LambdaEnvironment environment = LambdaEnvironment.fromSystem();
        EndpointConfigRuleService rule = EndpointConfigRuleService.fromEnvironment(environment,
                AwsClients.fromEnvironment(environment));
        int exit = OK;
        for (Path file : eventFiles) {
            out.println(file);
            try {
                EvaluationRun run = rule.evaluateAndReport(ConfigEventReader.read(Files.readAllBytes(file)),
                        TimeBudget.unlimited(), null);
                for (Evaluation e : run.evaluations()) {
                    out.printf("  %-15s %s%n  %15s %s%n", e.compliance(), e.resourceId(), "", e.annotation());
                }
                for (ResourceFailure f : run.failures()) {
                    out.printf("  %-15s %s%n", "FAILED", f);
                    exit = INVOCATION_FAILED;
                }
            } catch (IOException | RuntimeException e) {
                out.printf("  %-15s %s%n", "ERROR", e.getMessage());
                exit = INVOCATION_FAILED;
            }
        }
        return exit;
    }

    /** The files named, and the *.json files directly inside the directories named, in name order. */
    static List<Path> eventFiles(List<String> arguments) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> p.getFileName().toString().endsWith(".json")
                            && Files.isRegularFile(p)).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such event file or directory: " + argument);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no event files (*.json) in " + arguments);
        }
        return files;
    }
}
