package io.keyguard.cli;

import io.keyguard.app.RemediationService;
import io.keyguard.aws.AwsCallException;
import io.keyguard.log.BoundedText;
import io.keyguard.remediation.InvalidRemediationRequestException;
import io.keyguard.remediation.Pacing;
import io.keyguard.remediation.RemediationReport;
import io.keyguard.remediation.RemediationRequest;
import io.keyguard.remediation.RemediationStep;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code remediate --config NAME|ARN --key KEY [--apply] [--wait] [--delete-original]}: the remediation the SSM
 * Automation document runs, from a shell, against the account the SDK finds. A dry run unless --apply.
 */
final class RemediateCommand {

    static final String USAGE = "usage: remediate --config NAME|ARN --key KEY [--apply] [--wait] [--delete-original]";

    static final String SUMMARY = "move an endpoint config's endpoints onto a KMS-encrypted copy; a dry run unless"
            + " --apply";

    static final String HELP = USAGE + """


            Moves the endpoints of an endpoint config onto a copy of it that has the KMS key (one blue/green
            UpdateEndpoint each), as the SSM Automation document does, in the account and region the AWS SDK finds.
            Without --apply it is a dry run: it prints the plan and changes nothing.

            options:
              --config NAME|ARN  the endpoint config to remediate (required)
              --key KEY          the KMS key for the copy (required): key ARN, key id, alias name or alias ARN
              --apply            make the changes
              --wait             wait until the moved endpoints are InService, up to 30 minutes
              --delete-original  delete the original config once no endpoint uses it

            example:
              keyguard remediate --config churn-model-v3 --key alias/ml-storage --apply --wait
            """;

    /** From a shell nothing limits the wait but patience: a blue/green update rarely takes longer. */
    static final Duration WAIT = Duration.ofMinutes(30);

    private static final List<String> OPTIONS = List.of("--config", "--key", "--apply", "--wait", "--delete-original");

    private RemediateCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, AwsAccess aws) {
        RemediationRequest request;
        try {
            request = parse(args);
        } catch (InvalidRemediationRequestException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return Main.USAGE;
        }
        RemediationReport report;
        try {
            report = new RemediationService(aws.clients(), Pacing.real()).remediate(request, WAIT);
        } catch (AwsCallException e) {
            AwsNotConfiguredException.in(e).ifPresent(notConfigured -> {
                throw notConfigured;
            });
            out.println("ERROR  " + e.getMessage());
            return Main.INVOCATION_FAILED;
        }
        print(report, out);
        return report.outcome().failed() ? Main.INVOCATION_FAILED : Main.OK;
    }

    static RemediationRequest parse(List<String> args) {
        String config = null;
        String key = null;
        boolean apply = false;
        boolean wait = false;
        boolean delete = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--config" -> config = value(args, ++i, "--config");
                case "--key" -> key = value(args, ++i, "--key");
                case "--apply" -> apply = true;
                case "--wait" -> wait = true;
                case "--delete-original" -> delete = true;
                default -> throw new InvalidRemediationRequestException(unknown(args.get(i)));
            }
        }
        if (config == null || key == null) {
            throw new InvalidRemediationRequestException("--config and --key are required");
        }
        return new RemediationRequest(config, key, !apply, wait, delete);
    }

    private static String unknown(String argument) {
        if (!argument.startsWith("-")) {
            return "unexpected argument '" + BoundedText.abbreviate(argument)
                    + "': remediate takes options only (--config NAME --key KEY).";
        }
        List<String> valid = new ArrayList<>(OPTIONS);
        valid.addAll(Main.EVERY_COMMANDS_OPTIONS);
        return Suggestions.unknown("option", argument, valid, "keyguard remediate --help");
    }

    private static String value(List<String> args, int at, String option) {
        if (at >= args.size() || args.get(at).startsWith("--")) {
            throw new InvalidRemediationRequestException(option + " needs a value");
        }
        return args.get(at);
    }

    private static void print(RemediationReport report, PrintStream out) {
        out.println(report.endpointConfig() + (report.copy() == null ? "" : " -> " + report.copy())
                + (report.dryRun() ? "   (dry run)" : ""));
        for (RemediationStep step : report.steps()) {
            out.printf("  %-13s %-21s %s%n  %13s %21s %s%n", step.status(), step.action(), step.target(), "", "",
                    step.detail());
        }
        out.println(report.outcome() + ": " + report.summary());
    }
}
