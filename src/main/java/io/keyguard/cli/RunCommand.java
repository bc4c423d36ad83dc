package io.keyguard.cli;

import io.keyguard.app.EndpointConfigRuleService;
import io.keyguard.aws.AwsCallException;
import io.keyguard.aws.ExecutionRoleException;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.configrule.Evaluation;
import io.keyguard.configrule.EvaluationRun;
import io.keyguard.configrule.EvaluationsNotRecordedException;
import io.keyguard.configrule.ResourceFailure;
import io.keyguard.configrule.RuleInvocationException;
import io.keyguard.configrule.TimeBudget;
import io.keyguard.log.IoProblems;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.InvalidEventException;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code run EVENT_FILE|DIRECTORY...}: sends AWS Config events through the rule the Lambda function runs, against the
 * account the SDK finds (or any endpoint AWS_ENDPOINT_URL names), and prints each evaluation.
 */
final class RunCommand {

    static final String USAGE = "usage: run EVENT_FILE|DIRECTORY...";

    static final String SUMMARY = "evaluate AWS Config events with the rule and put the evaluations";

    static final String HELP = USAGE + """


            Evaluates AWS Config events with the rule the Lambda function runs, in the account and region the AWS SDK
            finds (environment, profile, SSO; AWS_ENDPOINT_URL for an emulator), puts the evaluations (in TestMode
            when the event's resultToken is TESTMODE, as in the bundled events/*.json) and prints each one.

            arguments:
              EVENT_FILE  an event as AWS Config sends it to the rule's function
              DIRECTORY   every *.json file directly inside it, in name order

            options: none of its own; -h/--help and --debug work with every command

            example:
              AWS_PROFILE=audit AWS_REGION=eu-west-1 keyguard run events/scheduled.json
            """;

    private static final String HELP_COMMAND = "keyguard run --help";

    private RunCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, AwsAccess aws) {
        List<Path> eventFiles;
        EndpointConfigRuleService rule;
        try {
            eventFiles = eventFiles(args);
            rule = EndpointConfigRuleService.fromEnvironment(LambdaEnvironment.fromSystem(), aws.clients());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.USAGE;
        }
        int exit = Main.OK;
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
                    exit = Main.INVOCATION_FAILED;
                }
            } catch (IOException e) {
                out.printf("  %-15s cannot read %s: %s%n", "ERROR", file, IoProblems.describe(e));
                exit = Main.INVOCATION_FAILED;
            } catch (InvalidEventException | InvalidRuleParametersException | ExecutionRoleException
                     | RuleInvocationException | EvaluationsNotRecordedException | AwsCallException e) {
                // One that says the region or credentials are missing would fail every event alike: exit code 5.
                AwsNotConfiguredException.in(e).ifPresent(notConfigured -> {
                    throw notConfigured;
                });
                out.printf("  %-15s %s%n", "ERROR", e.getMessage());
                exit = Main.INVOCATION_FAILED;
            }
        }
        return exit;
    }

    /**
     * The files named, and the *.json files directly inside the directories named, in name order.
     *
     * @throws IllegalArgumentException naming an option, file or directory that is not one
     */
    static List<Path> eventFiles(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("no event file or directory to run. Run '" + HELP_COMMAND + "'.");
        }
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("-")) {
                throw new IllegalArgumentException(Suggestions.unknown("option", argument, Main.EVERY_COMMANDS_OPTIONS,
                        HELP_COMMAND));
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> p.getFileName().toString().endsWith(".json")
                            && Files.isRegularFile(p)).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list the event directory " + argument + ": "
                            + IoProblems.describe(e));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such event file or directory: " + argument);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no event files (*.json) in " + String.join(", ", arguments));
        }
        return files;
    }
}
