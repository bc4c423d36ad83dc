package io.keyguard.cli;

import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.iac.ExcludeGlob;
import io.keyguard.iac.IacScanner;
import io.keyguard.iac.ScanRequest;
import io.keyguard.iac.ScanResult;
import io.keyguard.iac.report.JsonReport;
import io.keyguard.iac.report.ReportFormat;
import io.keyguard.iac.report.SarifReport;
import io.keyguard.iac.report.TableReport;
import io.keyguard.log.IoProblems;
import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code scan PATH... [--format table|json|sarif] [--output FILE] [--param NAME=VALUE]... [--params-file FILE]
 * [--sarif-all]}: judges the endpoint configs in CloudFormation/SAM templates and Terraform plans with the Config
 * rule's decision and parameters. Exit codes are those of {@link Main}.
 */
final class ScanCommand {

    static final String USAGE = "usage: scan PATH... [--format table|json|sarif] [--output FILE]"
            + " [--param NAME=VALUE]... [--params-file FILE] [--exclude GLOB]... [--var-file FILE]... [--allow-empty]"
            + " [--sarif-all]";

    /** Every option {@link #parse} takes, for the suggestion when one is mistyped. */
    private static final List<String> OPTIONS = List.of("--format", "--output", "--param", "--params-file",
            "--exclude", "--var-file", "--allow-empty", "--sarif-all");

    static final String SUMMARY = "judge CloudFormation/SAM templates, Terraform source and plans before deployment";

    /** What {@code keyguard scan --help} prints before the exit codes: one line for each option {@link #parse} takes. */
    static final String HELP = USAGE + """


            Judges the endpoint configs in CloudFormation/SAM templates, Terraform source (.tf: a folder is one
            module) and Terraform plans (terraform show -json output, or a binary plan when terraform is on the PATH)
            with the Config rule's decision and parameters, before anything is deployed. Offline: no AWS account is
            needed, so the state of keys other than those the same configuration creates is left to the deployed rule.

            arguments:
              PATH                       a file, or a folder walked for *.yaml, *.yml, *.json, *.template, *.tfplan
                                         and *.tf (.git, target, node_modules, .terraform, hidden folders skipped)

            options:
              --format table|json|sarif  table for people (default), json for scripts, sarif for code scanning
              --output FILE              write the report to FILE instead of standard output
              --param NAME=VALUE         a rule parameter, repeatable; wins over --params-file
              --params-file FILE         rule parameters as a JSON object of strings, like Config's ruleParameters
              --exclude GLOB             leave out what matches, repeatable: a name at any depth (*.test.yaml,
                                         fixtures) or a path from the folder given (deploy/legacy/**)
              --var-file FILE            Terraform variables, repeatable, read after terraform.tfvars and
                                         *.auto.tfvars
              --allow-empty              exit 0 when no template, plan or .tf file was found (else exit 4)
              --sarif-all                also put COMPLIANT and NOT_APPLICABLE results in SARIF, at level none

            suppressing a finding, in the source and with a reason:
              CloudFormation  Metadata: {keyguard: {suppress: [{rule: sagemaker-endpoint-config-cmk, reason: WHY}]}}
              Terraform       # keyguard:ignore sagemaker-endpoint-config-cmk WHY   (on or above the resource line)

            example:
              keyguard scan infra/ --exclude test-fixtures --format sarif --output keyguard.sarif
            """;

    private ScanCommand() {
    }

    /** The command line, parsed. */
    private record Options(ScanRequest request, ReportFormat format, Path output, RuleParameters parameters,
                           boolean sarifAll, boolean allowEmpty) {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException | InvalidRuleParametersException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return Main.USAGE;
        }
        ScanResult result;
        try {
            result = new IacScanner(options.parameters()).scan(options.request());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return Main.USAGE;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage() + ": " + IoProblems.describe(e.getCause()));
            return Main.UNREADABLE_INPUT;
        }
        if (result.scanned().isEmpty() && result.errors().isEmpty() && !options.allowEmpty()) {
            err.println("error: " + nothingScanned(options.request(), result));
            return Main.NOTHING_TO_SCAN;
        }
        String report = switch (options.format()) {
            case TABLE -> TableReport.render(result);
            case JSON -> JsonReport.render(result, options.parameters());
            case SARIF -> SarifReport.render(result, options.sarifAll());
        };
        if (options.output() == null) {
            out.print(report);
        } else {
            try {
                Files.writeString(options.output(), report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("error: cannot write --output " + options.output() + ": " + IoProblems.describe(e));
                return Main.USAGE;
            }
            err.println(result.summary() + "; report written to " + options.output());
        }
        if (options.output() != null || options.format() != ReportFormat.TABLE) {
            // The table on the terminal lists them already; a report elsewhere or for a machine does not show them.
            result.errors().forEach(error -> err.println("error: " + error));
        }
        if (!result.errors().isEmpty()) {
            return Main.UNREADABLE_INPUT;
        }
        return result.failing() > 0 ? Main.NON_COMPLIANT_FOUND : Main.OK;
    }

    /** What was looked at and why none of it was read, so the path or the pattern at fault can be seen. */
    static String nothingScanned(ScanRequest request, ScanResult result) {
        StringBuilder message = new StringBuilder("nothing to scan in ")
                .append(request.paths().stream().map(Path::toString).collect(Collectors.joining(", ")))
                .append(": no CloudFormation/SAM template, Terraform plan or Terraform .tf file was found (folders are"
                        + " searched for *.yaml, *.yml, *.json, *.template, *.tfplan and *.tf; .git, target,"
                        + " node_modules, .terraform and hidden folders are skipped");
        if (!request.excludes().isEmpty()) {
            message.append("; --exclude ").append(request.excludes().stream().map(Object::toString)
                    .collect(Collectors.joining(", ")));
        }
        message.append(")");
        if (!result.ignored().isEmpty()) {
            message.append("; ").append(result.ignored().size()).append(" file(s) ignored as neither: ")
                    .append(String.join(", ", result.ignored().subList(0, Math.min(5, result.ignored().size()))))
                    .append(result.ignored().size() > 5 ? ", ..." : "");
        }
        return message.append(". Pass --allow-empty to exit 0 when there is nothing to scan.").toString();
    }

    private static Options parse(List<String> args) {
        List<Path> paths = new ArrayList<>();
        ReportFormat format = ReportFormat.TABLE;
        Path output = null;
        Path paramsFile = null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean sarifAll = false;
        boolean allowEmpty = false;
        List<PathMatcher> excludes = new ArrayList<>();
        List<Path> varFiles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--format" -> format = ReportFormat.parse(valueOf(args, ++i, arg));
                case "--output" -> output = Path.of(valueOf(args, ++i, arg));
                case "--params-file" -> paramsFile = Path.of(valueOf(args, ++i, arg));
                case "--sarif-all" -> sarifAll = true;
                case "--allow-empty" -> allowEmpty = true;
                case "--exclude" -> excludes.add(ExcludeGlob.of(valueOf(args, ++i, arg)));
                case "--var-file" -> {
                    Path varFile = Path.of(valueOf(args, ++i, arg));
                    if (!Files.isRegularFile(varFile)) {
                        throw new IllegalArgumentException("--var-file " + varFile + ": no such file");
                    }
                    varFiles.add(varFile);
                }
                case "--param" -> {
                    String pair = valueOf(args, ++i, arg);
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--param takes NAME=VALUE, not '" + pair + "'");
                    }
                    if (params.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                        throw new IllegalArgumentException("--param " + pair.substring(0, equals)
                                + " is given twice");
                    }
                }
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        List<String> valid = new ArrayList<>(OPTIONS);
                        valid.addAll(Main.EVERY_COMMANDS_OPTIONS);
                        throw new IllegalArgumentException(Suggestions.unknown("option", arg, valid,
                                "keyguard scan --help"));
                    }
                    paths.add(Path.of(arg));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no file or folder to scan");
        }
        return new Options(new ScanRequest(paths, excludes, varFiles), format, output, parameters(paramsFile, params),
                sarifAll, allowEmpty);
    }

    /** The rule parameters: the file's (the ruleParameters JSON object Config takes), then each --param over it. */
    private static RuleParameters parameters(Path paramsFile, Map<String, String> params) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (paramsFile != null) {
            try {
                raw.putAll(ConfigEventReader.parseRuleParameters(Files.readString(paramsFile)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --params-file " + paramsFile + ": "
                        + IoProblems.describe(e));
            } catch (InvalidRuleParametersException e) {
                throw new InvalidRuleParametersException("--params-file " + paramsFile + ": " + e.getMessage());
            }
        }
        raw.putAll(params);
        return RuleParameters.parse(raw);
    }

    private static String valueOf(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }
}
