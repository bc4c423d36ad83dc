package io.keyguard.iac;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.Lookups;
import io.keyguard.configrule.ResourceStates;
import io.keyguard.configrule.Verdict;
import io.keyguard.keys.KeyResolution;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.EndpointConfigRule;
import io.keyguard.rule.RuleParameters;
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

    /** Files read when a folder is given; a file named explicitly is read whatever its name. */
    private static final Set<String> EXTENSIONS = Set.of(".yaml", ".yml", ".json", ".template");

    private static final Path WORKING_DIRECTORY = Path.of("").toAbsolutePath();

    private final RuleParameters parameters;
    private final EndpointConfigRule rule;

    public IacScanner(RuleParameters parameters) {
        this.parameters = parameters;
        this.rule = new EndpointConfigRule(parameters);
    }

    /**
     * @param paths files and folders; folders are walked, skipping hidden folders (.git, .terraform) and
     *              node_modules
     * @throws IllegalArgumentException when a path does not exist
     */
    public ScanResult scan(List<Path> paths) {
        List<Finding> findings = new ArrayList<>();
        List<ScanError> errors = new ArrayList<>();
        int scanned = 0;
        int ignored = 0;
        for (Path path : paths) {
            boolean explicit = !Files.isDirectory(path);
            for (Path file : filesUnder(path)) {
                try {
                    List<ScannedEndpointConfig> configs = read(file, explicit);
                    if (configs == null) {
                        ignored++;
                        continue;
                    }
                    scanned++;
                    configs.stream().sorted(Comparator.comparingInt(ScannedEndpointConfig::line))
                            .forEach(config -> findings.add(judge(config)));
                } catch (UnreadableFileException e) {
                    errors.add(new ScanError(display(e.file()), e.line(), e.problem()));
                }
            }
        }
        return new ScanResult(findings, errors, scanned, ignored);
    }

    /** The rule's verdict on one config: the worst over its alternatives, naming the conditions it holds under. */
    Finding judge(ScannedEndpointConfig config) {
        if (config.alternatives().isEmpty()) {
            Verdict nothing = ResourceStates.nothingDeployed(config.nothingToEvaluate());
            return new Finding(display(config.file()), config.line(), config.resource(), config.resourceType(),
                    nothing.compliance(), nothing.annotation());
        }
        ScannedEndpointConfig.Alternative worst = null;
        Verdict worstVerdict = null;
        for (ScannedEndpointConfig.Alternative alternative : config.alternatives()) {
            Verdict verdict = decide(alternative.facts());
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
                worstVerdict.compliance(), annotation.toString());
    }

    private Verdict decide(EndpointConfigFacts facts) {
        return rule.judge(facts, OFFLINE);
    }

    /** Before deployment nobody asks KMS, and the tags are those the template or plan gives. */
    private static final Lookups<EndpointConfigFacts> OFFLINE = new Lookups<>() {
        @Override
        public KeyResolution key(String reference, boolean withRotation) {
            return new KeyResolution.NotChecked();
        }

        @Override
        public Map<String, String> tags(EndpointConfigFacts config) {
            return config.tags();
        }
    };

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
    private static List<ScannedEndpointConfig> read(Path file, boolean explicit) {
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
            throw new UnreadableFileException(file, 0, "cannot be read: " + e);
        }
    }

    private static List<Path> filesUnder(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("no such file or directory: " + path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !insideSkippedFolder(path, file))
                    .filter(file -> EXTENSIONS.stream().anyMatch(
                            ext -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static boolean insideSkippedFolder(Path root, Path file) {
        Path relative = root.relativize(file.getParent() == null ? file : file.getParent());
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") && !name.equals(".") && !name.equals("..") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** Relative to the working directory when inside it, with forward slashes (as SARIF and CI expect). */
    static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(WORKING_DIRECTORY) ? WORKING_DIRECTORY.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
