package io.keyguard.cli;

import io.keyguard.app.RemediationService;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.LambdaEnvironment;
import io.keyguard.remediation.InvalidRemediationRequestException;
import io.keyguard.remediation.Pacing;
import io.keyguard.remediation.RemediationReport;
import io.keyguard.remediation.RemediationRequest;
import io.keyguard.remediation.RemediationStep;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code remediate --config NAME|ARN --key KEY [--apply] [--wait] [--delete-original]}: the remediation the SSM
 * Automation document runs, from a shell, against the account in the environment. A dry run unless --apply.
 */
final class RemediateCommand {

    static final String USAGE = "usage: remediate --config NAME|ARN --key KEY [--apply] [--wait] [--delete-original]"
            + "   (move an endpoint config's endpoints onto a KMS-encrypted copy; a dry run unless --apply)";

    /** From a shell nothing limits the wait but patience: a blue/green update rarely takes longer. */
    static final Duration WAIT = Duration.ofMinutes(30);

    private RemediateCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        RemediationRequest request;
        try {
            request = parse(args);
        } catch (InvalidRemediationRequestException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return Main.USAGE;
        }
        try {
            RemediationReport report = new RemediationService(AwsClients.fromEnvironment(LambdaEnvironment.fromSystem()), Pacing.real())
                    .remediate(request, WAIT);
            print(report, out);
            return report.outcome().failed() ? Main.INVOCATION_FAILED : Main.OK;
        } catch (RuntimeException e) {
            out.println("ERROR  " + e.getMessage());
            return Main.INVOCATION_FAILED;
        }
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
                default -> throw new InvalidRemediationRequestException("unknown argument " + args.get(i));
            }
        }
        if (config == null || key == null) {
            throw new InvalidRemediationRequestException("--config and --key are required");
        }
        return new RemediationRequest(config, key, !apply, wait, delete);
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
