package io.keyguard.cli;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.event.ConfigEventReader;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import io.keyguard.iac.IacScanner;
import io.keyguard.iac.ScanError;
import io.keyguard.iac.ExcludeGlob;
import io.keyguard.iac.ScanRequest;
import io.keyguard.iac.ScanResult;
import io.keyguard.iac.report.JsonReport;
import io.keyguard.iac.report.ReportFormat;
import io.keyguard.iac.report.SarifReport;
import io.keyguard.iac.report.TableReport;
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

/**
 * {@code scan PATH... [--format table|json|sarif] [--output FILE] [--param NAME=VALUE]... [--params-file FILE]
 * [--sarif-all]}: judges the endpoint configs in CloudFormation/SAM templates and Terraform plans with the Config
 * rule's decision and parameters. Exit codes are those of {@link Main}.
 */
final class ScanCommand {

    static final String USAGE = "usage: scan PATH... [--format table|json|sarif] [--output FILE]"
            + " [--param NAME=VALUE]... [--params-file FILE] [--exclude GLOB]... [--var-file FILE]... [--sarif-all]";

    static final String SUMMARY = "judge CloudFormation/SAM templates and Terraform plans before deployment";

    /** What {@code keyguard scan --help} prints before the exit codes: one line for each option {@link #parse} takes. */
    static final String HELP = USAGE + """


            Judges the endpoint configs in CloudFormation/SAM templates and Terraform plans (terraform show -json)
            with the Config rule's decision and parameters, before anything is deployed. Offline: no AWS account is
            needed, so key state and manager are left to the deployed rule.

            arguments:
              PATH                       a template or plan, or a folder walked for *.yaml, *.yml, *.json, *.template

            options:
              --format table|json|sarif  table for people (default), json for scripts, sarif for code scanning
              --output FILE              write the report to FILE instead of standard output
              --param NAME=VALUE         a rule parameter, repeatable; wins over --params-file
              --params-file FILE         rule parameters as a JSON object of strings, like Config's ruleParameters
              --exclude GLOB             skip what matches: a name at any depth, or a path from the folder; repeatable
              --var-file FILE            Terraform variables, read after terraform.tfvars, *.auto.tfvars; repeatable
              --sarif-all                also put COMPLIANT and NOT_APPLICABLE results in SARIF, at level none

            example:
              keyguard scan infra/ plan.json --format sarif --output keyguard.sarif --param checkDataCaptureKey=true
            """;

    private ScanCommand() {
    }

    /** The command line, parsed. */
    private record Options(ScanRequest request, ReportFormat format, Path output, RuleParameters parameters,
                           boolean sarifAll) {
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
            err.println("error: " + e.getMessage() + ": " + e.getCause());
            return Main.UNREADABLE_INPUT;
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
                err.println("error: cannot write " + options.output() + ": " + e);
                return Main.USAGE;
            }
            err.println(result.summary() + "; report written to " + options.output());
        }
        for (ScanError error : result.errors()) {
            err.println("error: " + error);
        }
        if (!result.errors().isEmpty()) {
            return Main.UNREADABLE_INPUT;
        }
        return result.count(Compliance.NON_COMPLIANT) > 0 ? Main.NON_COMPLIANT_FOUND : Main.OK;
    }

    private static Options parse(List<String> args) {
        List<Path> paths = new ArrayList<>();
        ReportFormat format = ReportFormat.TABLE;
        Path output = null;
        Path paramsFile = null;
        Map<String, String> params = new LinkedHashMap<>();
        boolean sarifAll = false;
        List<PathMatcher> excludes = new ArrayList<>();
        List<Path> varFiles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--format" -> format = ReportFormat.parse(valueOf(args, ++i, arg));
                case "--output" -> output = Path.of(valueOf(args, ++i, arg));
                case "--params-file" -> paramsFile = Path.of(valueOf(args, ++i, arg));
                case "--sarif-all" -> sarifAll = true;
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
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    paths.add(Path.of(arg));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no file or folder to scan");
        }
        return new Options(new ScanRequest(paths, excludes, varFiles), format, output, parameters(paramsFile, params),
                sarifAll);
    }

    /** The rule parameters: the file's (the ruleParameters JSON object Config takes), then each --param over it. */
    private static RuleParameters parameters(Path paramsFile, Map<String, String> params) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (paramsFile != null) {
            try {
                raw.putAll(ConfigEventReader.parseRuleParameters(Files.readString(paramsFile)));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --params-file " + paramsFile + ": " + e);
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
