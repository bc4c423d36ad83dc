package io.keyguard.iac;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.Lookups;
import io.keyguard.configrule.ResourceStates;
import io.keyguard.configrule.Verdict;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
import io.keyguard.rule.Wording;
import io.keyguard.log.IoProblems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scan before deployment: finds the endpoint configs in CloudFormation/SAM templates and Terraform plans and
 * judges each with the Config rule's own decision and parameters. Nothing is asked of AWS: every key is
 * {@link KeyResolution.NotChecked}, so the annotation says that key state and manager were not checked.
 */
public final class IacScanner {

    /** Files read as templates or plans when a folder is given; a file named explicitly is read whatever its name. */
    private static final Set<String> EXTENSIONS = Set.of(".yaml", ".yml", ".json", ".template", ".tfplan");
    /** Folders never walked into: version control, build output, dependencies, Terraform's provider cache. */
    static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules", ".terraform");

    private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

    private final RuleParameters parameters;
    /** The same rule, advising the property to set in a template or the argument in Terraform. */
    private final EndpointConfigRule templateRule;
    private final EndpointConfigRule terraformRule;
    private final TerraformShow terraform;

    public IacScanner(RuleParameters parameters) {
        this(parameters, TerraformShow.onPath());
    }

    IacScanner(RuleParameters parameters, TerraformShow terraform) {
        this.terraform = terraform;
        this.parameters = parameters;
        this.templateRule = new EndpointConfigRule(parameters, Wording.TEMPLATE);
        this.terraformRule = new EndpointConfigRule(parameters, Wording.TERRAFORM);
    }

    public ScanResult scan(List<Path> paths) {
        return scan(ScanRequest.of(paths));
    }

    /**
     * Templates and plans (JSON, or binary through {@code terraform show -json}) are judged file by file; Terraform
     * source folder by folder, each folder one module, the local modules a scanned folder calls read through the call.
     *
     * @throws IllegalArgumentException when a path does not exist
     */
    public ScanResult scan(ScanRequest request) {
        Walk walk = new Walk(request);
        for (Path path : request.paths()) {
            walk.add(path);
        }
        List<Finding> findings = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        List<ScanResult.Skipped> skipped = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path file : walk.templatesAndPlans) {
            try {
                List<ScannedEndpointConfig> configs = read(file, walk.explicit.contains(file));
                if (configs == null) {
                    ignored.add(display(file));
                    continue;
                }
                scanned.add(display(file));
                configs.stream().sorted(Comparator.comparingInt(ScannedEndpointConfig::line))
                        .forEach(config -> findings.add(judge(config)));
            } catch (UnreadableFileException e) {
                errors.add(new ScanError(display(e.file()), e.line(), e.problem()));
            }
        }
        for (Path root : walk.terraformRoots()) {
            TerraformModule.Reading reading = TerraformModule.readRoot(root, request.varFiles());
            errors.addAll(reading.errors());
            skipped.addAll(reading.skipped());
            reading.filesRead().forEach(file -> scanned.add(display(file)));
            reading.configs().stream()
                    .sorted(Comparator.comparing((ScannedEndpointConfig c) -> display(c.file()))
                            .thenComparingInt(ScannedEndpointConfig::line))
                    .forEach(config -> findings.add(judge(config)));
        }
        // A module called twice is read twice: its errors are reported once.
        return new ScanResult(findings, errors.stream().distinct().toList(), skipped.stream().distinct().toList(),
                scanned.stream().distinct().toList(), ignored);
    }

    /** What the paths given hold: template and plan files, Terraform folders, and which were named explicitly. */
    private static final class Walk {
        private final ScanRequest request;
        private final List<Path> templatesAndPlans = new ArrayList<>();
        private final Set<Path> explicit = new LinkedHashSet<>();
        private final Set<Path> terraformFolders = new LinkedHashSet<>();
        private final Set<Path> terraformFiles = new LinkedHashSet<>();

        Walk(ScanRequest request) {
            this.request = request;
        }

        void add(Path path) {
            // A file named explicitly is read whatever it is (/dev/null, a pipe): only folders are walked.
            if (Files.exists(path) && !Files.isDirectory(path)) {
                if (path.getFileName().toString().endsWith(".tf")) {
                    terraformFiles.add(path);
                } else {
                    templatesAndPlans.add(path);
                    explicit.add(path);
                }
                return;
            }
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).filter(file -> !excluded(path, file)).sorted().forEach(file -> {
                    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    if (name.endsWith(".tf")) {
                        terraformFolders.add(file.getParent().toAbsolutePath().normalize());
                    } else if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
                        templatesAndPlans.add(file);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path, e);
            }
        }

        /** Terraform folders not called as a local module by another one found, and the .tf files named. */
        List<Path> terraformRoots() {
            Set<Path> called = new LinkedHashSet<>();
            terraformFolders.forEach(folder -> called.addAll(TerraformModule.localModuleFolders(folder)));
            List<Path> roots = new ArrayList<>();
            terraformFolders.stream().filter(folder -> !called.contains(folder)).forEach(roots::add);
            roots.addAll(terraformFiles);
            return roots;
        }

        private boolean excluded(Path root, Path file) {
            Path relative = root.relativize(file);
            for (Path part : relative.getParent() == null ? List.<Path>of() : relative.getParent()) {
                String name = part.toString();
                if (SKIPPED_FOLDERS.contains(name) || name.startsWith(".") && !name.equals(".")
                        && !name.equals("..")) {
                    return true;
                }
            }
            return request.excludes().stream().anyMatch(glob -> glob.matches(relative));
        }
    }

    /** The rule's verdict on one config: the worst over its alternatives, naming the conditions it holds under. */
    Finding judge(ScannedEndpointConfig config) {
        if (config.alternatives().isEmpty()) {
            Verdict nothing = ResourceStates.nothingDeployed(config.nothingToEvaluate());
            return new Finding(display(config.file()), config.line(), config.resource(), config.resourceType(),
                    nothing.compliance(), nothing.annotation(), config.suppression());
        }
        ScannedEndpointConfig.Alternative worst = null;
        Verdict worstVerdict = null;
        for (ScannedEndpointConfig.Alternative alternative : config.alternatives()) {
            Verdict verdict = decide(config, alternative);
            if (worstVerdict == null || rank(verdict.compliance()) > rank(worstVerdict.compliance())) {
                worst = alternative;
                worstVerdict = verdict;
            }
        }
        StringBuilder annotation = new StringBuilder();
        if (!worst.conditions().isEmpty()) {
            annotation.append("When ").append(String.join(" and ", worst.conditions())).append(": ");
        }
        annotation.append(worstVerdict.annotation());
        for (String note : worst.notes()) {
            annotation.append(' ').append(note);
        }
        if (parameters.exemptionTagKey() != null) {
            worst.tagNotes().forEach(note -> annotation.append(' ').append(note));
        }
        if (offlineKeyListNote(worst.facts())) {
            annotation.append(" kmsKeyArns is compared with the key reference as written: offline, KMS is not"
                    + " asked which key an alias, key id or intrinsic names.");
        }
        if (config.alternatives().size() > 1 && worstVerdict.compliance() == Compliance.COMPLIANT) {
            Set<String> conditions = new LinkedHashSet<>();
            config.alternatives().forEach(a -> a.conditions().forEach(c -> conditions.add(c.split(" ")[0])));
            annotation.append(" Both branches of every Fn::If (").append(String.join(", ", conditions))
                    .append(") were checked.");
        }
        return new Finding(display(config.file()), config.line(), config.resource(), config.resourceType(),
                worstVerdict.compliance(), annotation.toString(), config.suppression());
    }

    private Verdict decide(ScannedEndpointConfig config, ScannedEndpointConfig.Alternative alternative) {
        EndpointConfigRule rule = TerraformPlanEndpointConfigs.RESOURCE_TYPE.equals(config.resourceType())
                ? terraformRule : templateRule;
        return rule.judge(alternative.facts(), offline(alternative.keysCreatedHere()));
    }

    /**
     * Before deployment nobody asks KMS: a key the same configuration creates is what it declares, any other is not
     * checked; the tags are those the template or plan gives.
     */
    private static Lookups<EndpointConfigFacts> offline(Map<String, KeyFacts> keysCreatedHere) {
        return new Lookups<>() {
            @Override
            public KeyResolution key(String reference, boolean withRotation) {
                KeyFacts created = keysCreatedHere.get(reference);
                return created == null ? new KeyResolution.NotChecked() : new KeyResolution.Resolved(created);
            }

            @Override
            public Map<String, String> tags(EndpointConfigFacts config) {
                return config.tags();
            }
        };
    }

    /** NON_COMPLIANT first, then NOT_APPLICABLE: COMPLIANT only when every alternative is. */
    private static int rank(Compliance compliance) {
        return switch (compliance) {
            case NON_COMPLIANT -> 2;
            case NOT_APPLICABLE -> 1;
            case COMPLIANT -> 0;
        };
    }

    private boolean offlineKeyListNote(EndpointConfigFacts facts) {
        if (!parameters.restrictsKeys()) {
            return false;
        }
        return Stream.of(facts.kmsKeyId(), facts.dataCaptureKmsKeyId(), facts.asyncOutputKmsKeyId())
                .anyMatch(reference -> reference != null && !parameters.kmsKeyArns().contains(reference));
    }

    /** The endpoint configs of a template or plan; null when the file is neither. */
    private List<ScannedEndpointConfig> read(Path file, boolean explicit) {
        if (TerraformShow.isBinaryPlan(file)) {
            // Lines of terraform's JSON output point nowhere the user can open: the plan file alone is the place.
            return TerraformPlanEndpointConfigs.read(file, planOf(file, terraform.read(file))).stream()
                    .map(config -> new ScannedEndpointConfig(config.file(), 0, config.resource(),
                            config.resourceType(), config.alternatives(), config.nothingToEvaluate(),
                            config.suppression()))
                    .toList();
        }
        Content content = sniff(file);
        if (content != Content.TEXT) {
            if (!explicit) {
                return null;
            }
            throw new UnreadableFileException(file, 0, content == Content.EMPTY ? "is empty: nothing to scan"
                    : CloudFormationYamlReader.NOT_TEXT);
        }
        List<IacNode> documents = isJson(file) ? List.of(JsonTreeReader.read(file))
                : CloudFormationYamlReader.read(file);
        List<ScannedEndpointConfig> configs = null;
        for (IacNode document : documents) {
            if (CloudFormationEndpointConfigs.isTemplate(document)) {
                configs = configs == null ? new ArrayList<>() : configs;
                configs.addAll(CloudFormationEndpointConfigs.read(file, (IacNode.Mapping) document));
            } else if (TerraformPlanEndpointConfigs.isPlan(document)) {
                configs = configs == null ? new ArrayList<>() : configs;
                configs.addAll(TerraformPlanEndpointConfigs.read(file, (IacNode.Mapping) document));
            }
        }
        if (configs == null && explicit) {
            throw new UnreadableFileException(file, 0, "is neither a CloudFormation/SAM template (no Resources)"
                    + " nor a Terraform plan in JSON (terraform show -json PLANFILE)");
        }
        return configs;
    }

    private static IacNode.Mapping planOf(Path file, IacNode document) {
        if (document instanceof IacNode.Mapping mapping && TerraformPlanEndpointConfigs.isPlan(mapping)) {
            return mapping;
        }
        throw new UnreadableFileException(file, 0, "is a zip archive, and terraform show -json does not read it as"
                + " a plan");
    }

    private enum Content { EMPTY, BINARY, TEXT }

    /** Binary when a NUL byte is in the first few kilobytes: what git and grep go by, and no template has one. */
    private static Content sniff(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(8192);
            if (new String(start, StandardCharsets.UTF_8).isBlank()) {
                return in.read() == -1 ? Content.EMPTY : Content.TEXT;
            }
            for (byte b : start) {
                if (b == 0) {
                    return Content.BINARY;
                }
            }
            return Content.TEXT;
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
    }

    /** .json files are JSON; .template files are JSON when they start with '{'; everything else is YAML. */
    private static boolean isJson(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return true;
        }
        if (!name.endsWith(".template")) {
            return false;
        }
        try {
            String start = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).stripLeading();
            return start.startsWith("{");
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
    }

    /** Relative to the working directory when inside it, with forward slashes (as SARIF and CI expect). */
    static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(WORKING_DIRECTORY) ? WORKING_DIRECTORY.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
