package io.keyguard.iac;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.EvalSymbol;
import io.keyguard.keys.KeyFacts;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.VariantFacts;
import io.keyguard.log.IoProblems;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Terraform module read from source, as {@code terraform plan} would see it before asking any provider: every
 * {@code aws_sagemaker_endpoint_configuration} of its {@code .tf} files (and of the local modules it calls, addressed
 * {@code module.NAME.aws_sagemaker_endpoint_configuration.X}) read into {@link EndpointConfigFacts}, with variables from
 * their defaults, {@code terraform.tfvars}, {@code *.auto.tfvars} and the var files given (the root module's), and
 * locals. The maintained HCL parser hcl4j reads the files and the values written out; {@link TerraformText} keeps what
 * it does not (lines, comments, expressions as written), so that a reference or an expression is never mistaken for a
 * literal. What only Terraform can evaluate is reported as such.
 */
final class TerraformModule {

    static final String RESOURCE_TYPE = TerraformPlanEndpointConfigs.RESOURCE_TYPE;

    /** An error in one file, a module call not followed, or the configs found: what reading a root module gave. */
    record Reading(List<ScannedEndpointConfig> configs, List<ScanError> errors, List<ScanResult.Skipped> skipped,
                   Set<Path> filesRead) {
    }

    private static final Set<String> NOT_INPUTS = Set.of("source", "version", "providers", "count", "for_each",
            "depends_on");
    private static final Pattern TRAVERSAL = Pattern.compile(
            "[A-Za-z_][\\w-]*(\\.[A-Za-z_][\\w-]*|\\[[^\\]\\[]*\\]|\\.\\*)*");
    /** {@code X == null}, {@code X != null} and the same the other way round: the idiom of optional arguments. */
    private static final Pattern NULL_TEST = Pattern.compile(
            "([\\w.\\-\\[\\]\"]+)\\s*(==|!=)\\s*null|null\\s*(==|!=)\\s*([\\w.\\-\\[\\]\"]+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern PARSER_LINE = Pattern.compile("line:? (\\d+)");
    /** Variables and locals referring to each other deeper than this are a cycle Terraform itself would refuse. */
    private static final int MAX_DEPTH = 32;

    private final Path folder;
    private final String addressPrefix;
    private final Map<String, TerraformValue> inputs;
    private final List<String> moduleNotes;
    private final List<Path> chain;
    private final Map<String, Definition> variables = new LinkedHashMap<>();
    private final Map<String, Definition> locals = new LinkedHashMap<>();
    private final Map<String, Definition> resources = new LinkedHashMap<>();
    private final Map<String, Definition> modules = new LinkedHashMap<>();
    private final Map<String, TerraformValue> variableValues = new LinkedHashMap<>();
    private final List<ScanError> errors = new ArrayList<>();
    private final List<ScanResult.Skipped> skipped = new ArrayList<>();
    private final Set<Path> filesRead = new LinkedHashSet<>();
    private final Map<Path, TerraformText> texts = new LinkedHashMap<>();

    /** A block or attribute and the file it is in. */
    private record Definition(Path file, TerraformText.Block block, TerraformText.Attribute attribute) {
    }

    private TerraformModule(Path folder, String addressPrefix, Map<String, TerraformValue> inputs,
                            List<String> moduleNotes, List<Path> chain) {
        this.folder = folder;
        this.addressPrefix = addressPrefix;
        this.inputs = inputs;
        this.moduleNotes = moduleNotes;
        this.chain = chain;
    }

    /**
     * A root module: a folder (every {@code .tf} file in it) or a single {@code .tf} file.
     *
     * @param varFiles {@code --var-file}s, applied after {@code terraform.tfvars} and {@code *.auto.tfvars}
     */
    static Reading readRoot(Path folderOrFile, List<Path> varFiles) {
        boolean single = Files.isRegularFile(folderOrFile);
        Path folder = single ? folderOrFile.toAbsolutePath().getParent() : folderOrFile;
        TerraformModule root = new TerraformModule(folder, "", Map.of(), List.of(), List.of(folder.toAbsolutePath()
                .normalize()));
        List<Path> files = single ? List.of(folderOrFile) : terraformFiles(folder);
        List<ScannedEndpointConfig> configs = root.read(files, varFiles, true);
        return new Reading(configs, root.errors, root.skipped, root.filesRead);
    }

    /** The {@code .tf} files directly in a folder, in name order. */
    static List<Path> terraformFiles(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> p.getFileName().toString().endsWith(".tf") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UnreadableFileException(folder, 0, "cannot be listed: " + IoProblems.describe(e));
        }
    }

    /** The local folders a module's {@code module} blocks call ({@code source = "./..."}), to scan them once only. */
    static List<Path> localModuleFolders(Path folder) {
        List<Path> called = new ArrayList<>();
        for (Path file : terraformFiles(folder)) {
            try {
                for (TerraformText.Block block : TerraformText.of(readText(file)).blocks()) {
                    if (block.type().equals("module") && block.attribute("source") != null) {
                        String source = unquoted(block.attribute("source").expression());
                        if (source != null && isLocalSource(source)) {
                            called.add(folder.resolve(source).toAbsolutePath().normalize());
                        }
                    }
                }
            } catch (UnreadableFileException e) {
                // reported when the folder itself is scanned
            }
        }
        return called;
    }

    private List<ScannedEndpointConfig> read(List<Path> files, List<Path> varFiles, boolean root) {
        for (Path file : files) {
            try {
                texts.put(file, validated(file, readText(file)));
                filesRead.add(file);
            } catch (UnreadableFileException e) {
                errors.add(new ScanError(IacScanner.display(e.file()), e.line(), e.problem()));
            }
        }
        texts.forEach(this::index);
        if (root) {
            loadVariableFiles(varFiles);
        }
        List<ScannedEndpointConfig> configs = new ArrayList<>();
        resources.forEach((address, definition) -> {
            if (address.startsWith(RESOURCE_TYPE + ".")) {
                configs.add(endpointConfig(address, definition));
            }
        });
        modules.forEach((name, definition) -> configs.addAll(callModule(name, definition)));
        return configs;
    }

    private void index(Path file, TerraformText text) {
        for (TerraformText.Block block : text.blocks()) {
            List<String> labels = block.labels();
            switch (block.type()) {
                case "variable" -> {
                    if (labels.size() == 1) {
                        variables.put(labels.get(0), new Definition(file, block, null));
                    }
                }
                case "locals" -> block.attributes().forEach(a -> locals.put(a.name(), new Definition(file, block, a)));
                case "resource" -> {
                    if (labels.size() == 2) {
                        resources.put(labels.get(0) + "." + labels.get(1), new Definition(file, block, null));
                    }
                }
                case "module" -> {
                    if (labels.size() == 1) {
                        modules.put(labels.get(0), new Definition(file, block, null));
                    }
                }
                default -> { }
            }
        }
    }

    // ---- variables --------------------------------------------------------------------------------

    /** Terraform's order: terraform.tfvars, then *.auto.tfvars in name order, then each var file as given. */
    private void loadVariableFiles(List<Path> varFiles) {
        List<Path> files = new ArrayList<>();
        Path defaults = folder.resolve("terraform.tfvars");
        if (Files.isRegularFile(defaults)) {
            files.add(defaults);
        }
        try (Stream<Path> children = Files.list(folder)) {
            children.filter(p -> p.getFileName().toString().endsWith(".auto.tfvars")).sorted().forEach(files::add);
        } catch (IOException e) {
            errors.add(new ScanError(IacScanner.display(folder), 0, "cannot be listed: " + IoProblems.describe(e)));
        }
        files.addAll(varFiles);
        for (Path file : files) {
            try {
                Map<String, Object> values = parse(file, readText(file));
                String shown = IacScanner.display(file);
                values.forEach((name, value) -> variableValues.put(name, value instanceof EvalSymbol
                        ? new TerraformValue.Unknown("var." + name, "its value in " + shown + " is not a literal")
                        : value == null ? new TerraformValue.Null("var." + name)
                        : new TerraformValue.Literal(value, "var." + name, "from " + shown)));
                filesRead.add(file);
            } catch (UnreadableFileException e) {
                errors.add(new ScanError(IacScanner.display(e.file()), e.line(), e.problem()));
            }
        }
    }

    private TerraformValue variable(String name, int depth) {
        if (inputs.containsKey(name)) {
            return inputs.get(name);
        }
        if (variableValues.containsKey(name)) {
            return variableValues.get(name);
        }
        Definition declared = variables.get(name);
        if (declared == null) {
            return new TerraformValue.Unknown("var." + name, "no variable \"" + name + "\" is declared in "
                    + IacScanner.display(folder));
        }
        TerraformText.Attribute fallback = declared.block().attribute("default");
        if (fallback == null) {
            return new TerraformValue.Unknown("var." + name, "var." + name + " has no default, and no"
                    + " terraform.tfvars, *.auto.tfvars or --var-file gives it a value");
        }
        TerraformValue value = value(fallback.expression(), declared.file(), depth + 1);
        return value instanceof TerraformValue.Literal literal
                ? new TerraformValue.Literal(literal.value(), "var." + name, "its default") : value;
    }

    // ---- values -----------------------------------------------------------------------------------

    /** What an expression written in this module comes to, offline. */
    private TerraformValue value(String expression, Path file, int depth) {
        String written = expression.trim();
        if (depth > MAX_DEPTH) {
            return new TerraformValue.Unknown(written, "variables and locals refer to each other in a cycle");
        }
        if (written.isEmpty() || written.equals("null") || written.equals("\"\"")) {
            return new TerraformValue.Null(written);
        }
        if (isPlainString(written) || NUMBER.matcher(written).matches() || written.equals("true")
                || written.equals("false")) {
            return new TerraformValue.Literal(literal(written, file), written, null);
        }
        Matcher nullTest = NULL_TEST.matcher(written);
        if (nullTest.matches()) {
            return nullTest(written, nullTest.group(1) != null ? nullTest.group(1) : nullTest.group(4),
                    "==".equals(nullTest.group(2) != null ? nullTest.group(2) : nullTest.group(3)), file, depth);
        }
        if (!TRAVERSAL.matcher(written).matches()) {
            if ((written.startsWith("{") || written.startsWith("[")) && !written.contains("${")) {
                return new TerraformValue.Literal(literal(written, file), written, null);
            }
            return new TerraformValue.Unknown(written, "an expression only Terraform evaluates");
        }
        String[] steps = written.split("[.\\[]", 3);
        String first = steps[0];
        String second = steps.length > 1 ? steps[1].replace("]", "") : "";
        return switch (first) {
            case "var" -> steps.length > 2 ? new TerraformValue.Unknown(written, "a part of var." + second
                    + ", which is read only when Terraform plans") : variable(second, depth);
            case "local" -> {
                Definition local = locals.get(second);
                if (local == null) {
                    yield new TerraformValue.Unknown(written, "no local \"" + second + "\" is defined");
                }
                TerraformValue value = value(local.attribute().expression(), local.file(), depth + 1);
                yield steps.length > 2 ? new TerraformValue.Unknown(written, "a part of local." + second) : value;
            }
            case "aws_kms_key" -> keyCreatedHere(written, second);
            case "aws_kms_alias" -> new TerraformValue.Reference(written);
            case "data" -> second.startsWith("aws_kms_") ? new TerraformValue.Reference(written)
                    : new TerraformValue.Unknown(written, "read from a data source when Terraform plans");
            case "module" -> new TerraformValue.Unknown(written, "an output of module " + second);
            default -> new TerraformValue.Unknown(written, "known only when Terraform plans");
        };
    }

    /** A test of whether a value is null, decided when the value is known offline. */
    private TerraformValue nullTest(String written, String operand, boolean equals, Path file, int depth) {
        TerraformValue value = value(operand, file, depth + 1);
        if (value instanceof TerraformValue.Null) {
            return new TerraformValue.Literal(equals, written, null);
        }
        if (value instanceof TerraformValue.Literal) {
            return new TerraformValue.Literal(!equals, written, null);
        }
        return new TerraformValue.Unknown(written, "whether " + operand + " is null is known only when Terraform"
                + " plans");
    }

    /** {@code aws_kms_key.NAME...}: what its block declares, when the module declares it. */
    private TerraformValue keyCreatedHere(String written, String name) {
        Definition key = resources.get("aws_kms_key." + name);
        if (key == null) {
            return new TerraformValue.Unknown(written, "no aws_kms_key \"" + name + "\" is declared in this module");
        }
        String address = addressPrefix + "aws_kms_key." + name;
        Boolean enabled = bool(key, "is_enabled", true);
        Boolean rotation = bool(key, "enable_key_rotation", false);
        String spec = string(key, "customer_master_key_spec", string(key, "key_spec", "SYMMETRIC_DEFAULT"));
        if (enabled == null || rotation == null || spec == null) {
            return new TerraformValue.KeyCreatedHere(written, address, null);
        }
        KeyFacts.Rotation state = !spec.equals("SYMMETRIC_DEFAULT") ? KeyFacts.Rotation.NOT_SUPPORTED
                : rotation ? KeyFacts.Rotation.ENABLED : KeyFacts.Rotation.DISABLED;
        return new TerraformValue.KeyCreatedHere(written, address,
                new KeyFacts(written, true, enabled ? KeyFacts.ENABLED : "Disabled", null, state));
    }

    /** A Boolean argument of a resource: its default when absent, null when known only when Terraform plans. */
    private Boolean bool(Definition resource, String argument, boolean absent) {
        Object value = argument(resource, argument, absent);
        return value == null ? null : asBoolean(value);
    }

    private String string(Definition resource, String argument, String absent) {
        return argument(resource, argument, absent) instanceof String text ? text : null;
    }

    /** An argument's literal value, {@code absent} when not set (or null), null when known only when Terraform plans. */
    private Object argument(Definition resource, String argument, Object absent) {
        TerraformText.Attribute attribute = resource.block().attribute(argument);
        if (attribute == null) {
            return absent;
        }
        TerraformValue value = value(attribute.expression(), resource.file(), 1);
        if (value instanceof TerraformValue.Null) {
            return absent;
        }
        return value instanceof TerraformValue.Literal literal ? literal.value() : null;
    }

    private static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text && Set.of("true", "false").contains(text.toLowerCase(Locale.ROOT))) {
            return Boolean.parseBoolean(text);
        }
        return null;
    }

    // ---- endpoint configs -------------------------------------------------------------------------

    private ScannedEndpointConfig endpointConfig(String localAddress, Definition definition) {
        TerraformText.Block block = definition.block();
        String address = addressPrefix + localAddress;
        Path file = definition.file();
        List<String> notes = new ArrayList<>(moduleNotes);
        Map<String, KeyFacts> keys = new LinkedHashMap<>();
        for (String meta : List.of("count", "for_each")) {
            if (block.attribute(meta) != null) {
                notes.add(meta + " = " + block.attribute(meta).expression() + ": every instance is judged alike,"
                        + " once.");
            }
        }
        String kmsKeyArn = key(block.attribute("kms_key_arn"), "kms_key_arn", file, notes, keys);
        List<VariantFacts> variants = new ArrayList<>(variants(block, "production_variants", file, notes, keys));
        variants(block, "shadow_production_variants", file, notes, keys).forEach(v -> variants.add(v.asShadow()));

        TerraformText.Block capture = first(block.blocks("data_capture_config"));
        boolean captureEnabled = false;
        String captureKey = null;
        if (capture != null) {
            TerraformText.Attribute enable = capture.attribute("enable_capture");
            TerraformValue value = enable == null ? null : value(enable.expression(), file, 0);
            if (value instanceof TerraformValue.Literal literal && asBoolean(literal.value()) != null) {
                captureEnabled = asBoolean(literal.value());
            } else if (value != null && !(value instanceof TerraformValue.Null)) {
                notes.add("data_capture_config.enable_capture is " + value.expression() + ", known only when"
                        + " Terraform plans: checked as true.");
                captureEnabled = true;
            }
            captureKey = key(capture.attribute("kms_key_id"), "data_capture_config.kms_key_id", file, notes, keys);
        }
        TerraformText.Block async = first(block.blocks("async_inference_config"));
        TerraformText.Block output = async == null ? null : first(async.blocks("output_config"));
        String asyncKey = output == null ? null
                : key(output.attribute("kms_key_id"), "async_inference_config.output_config.kms_key_id", file, notes,
                        keys);
        List<String> tagNotes = new ArrayList<>();
        Map<String, String> tags = tags(block, file, tagNotes);
        TerraformValue name = block.attribute("name") == null ? null
                : value(block.attribute("name").expression(), file, 0);
        String configName = name instanceof TerraformValue.Literal literal && literal.value() instanceof String text
                ? text : address;
        EndpointConfigFacts facts = new EndpointConfigFacts(configName, null, kmsKeyArn, variants, captureEnabled,
                captureKey, async != null, asyncKey, tags);
        Suppression suppression = null;
        try {
            suppression = Suppression.fromComments(file, texts.get(file).comments(), block.line()).orElse(null);
        } catch (UnreadableFileException e) {
            // Judged as if not suppressed, and the error fails the scan: the finding is never silenced unexplained.
            errors.add(new ScanError(IacScanner.display(e.file()), e.line(), e.problem()));
        }
        return new ScannedEndpointConfig(file, block.line(), address, RESOURCE_TYPE,
                List.of(new ScannedEndpointConfig.Alternative(List.of(), facts, notes, keys, tagNotes)), null,
                suppression);
    }

    /**
     * A key argument: the reference as the decision sees it, null when absent; a key the configuration creates is
     * recorded with what it declares; what only Terraform can evaluate counts as set, and says so.
     */
    private String key(TerraformText.Attribute attribute, String argument, Path file, List<String> notes,
                       Map<String, KeyFacts> keys) {
        if (attribute == null) {
            return null;
        }
        TerraformValue value = value(attribute.expression(), file, 0);
        if (value instanceof TerraformValue.Null) {
            return null;
        }
        if (value instanceof TerraformValue.Literal literal) {
            if (literal.value() instanceof String text) {
                if (literal.source() != null) {
                    notes.add(argument + " is " + attribute.expression() + " (" + literal.source() + ").");
                }
                return text.isBlank() ? null : text;
            }
            notes.add(argument + " is " + attribute.expression() + ", which is not a key reference.");
            return attribute.expression();
        }
        if (value instanceof TerraformValue.KeyCreatedHere created) {
            if (created.facts() == null) {
                notes.add(argument + " is " + created.expression() + ", a customer-managed key this configuration"
                        + " creates; whether it is enabled or rotates is known only when Terraform plans.");
            } else {
                keys.put(created.expression(), created.facts());
                notes.add(argument + " is " + created.expression() + ": a customer-managed key this configuration"
                        + " creates (" + created.resource() + "), judged as declared.");
            }
            return created.expression();
        }
        if (value instanceof TerraformValue.Unknown unknown) {
            notes.add(argument + " is " + attribute.expression() + " (" + unknown.why() + "): counted as set.");
        }
        return value.expression();
    }

    private List<VariantFacts> variants(TerraformText.Block resource, String list, Path file, List<String> notes,
                                        Map<String, KeyFacts> keys) {
        List<VariantFacts> variants = new ArrayList<>();
        if (resource.dynamic(list)) {
            notes.add(list + " come from a dynamic block: each instance is judged alike.");
        }
        List<TerraformText.Block> blocks = resource.blocks(list);
        for (int i = 0; i < blocks.size(); i++) {
            TerraformText.Block variant = blocks.get(i);
            String path = list + "[" + i + "]";
            List<String> types = new ArrayList<>();
            TerraformText.Attribute instanceType = variant.attribute("instance_type");
            if (instanceType != null) {
                TerraformValue value = value(instanceType.expression(), file, 0);
                if (value instanceof TerraformValue.Literal literal && literal.value() instanceof String text) {
                    types.add(text);
                } else if (!(value instanceof TerraformValue.Null)) {
                    notes.add(path + ".instance_type is " + instanceType.expression() + ", known only when Terraform"
                            + " plans: its local storage was not checked.");
                }
            }
            TerraformText.Block dump = first(variant.blocks("core_dump_config"));
            VariantFacts.CoreDump coreDump = dump == null ? null : new VariantFacts.CoreDump(
                    key(dump.attribute("kms_key_id"), path + ".core_dump_config.kms_key_id", file, notes, keys));
            TerraformText.Attribute name = variant.attribute("variant_name");
            TerraformValue nameValue = name == null ? null : value(name.expression(), file, 0);
            String variantName = nameValue instanceof TerraformValue.Literal literal
                    && literal.value() instanceof String text ? text : "variant " + (i + 1);
            variants.add(new VariantFacts(variantName, types, !variant.blocks("serverless_config").isEmpty(), false,
                    coreDump));
        }
        return variants;
    }

    /** Tags written out; values Terraform computes count as present with an empty value. */
    private Map<String, String> tags(TerraformText.Block resource, Path file, List<String> tagNotes) {
        Map<String, String> tags = new LinkedHashMap<>();
        TerraformText.Attribute attribute = resource.attribute("tags");
        if (attribute == null) {
            return tags;
        }
        TerraformValue value = value(attribute.expression(), file, 0);
        if (value instanceof TerraformValue.Literal literal && literal.value() instanceof Map<?, ?> map) {
            map.forEach((k, v) -> tags.put(String.valueOf(k), v instanceof String || v instanceof Number
                    || v instanceof Boolean ? String.valueOf(v) : ""));
        } else if (!(value instanceof TerraformValue.Null)) {
            tagNotes.add("tags is " + attribute.expression() + ", known only when Terraform plans: an exemption tag"
                    + " there was not seen.");
        }
        return tags;
    }

    // ---- modules ----------------------------------------------------------------------------------

    private List<ScannedEndpointConfig> callModule(String name, Definition definition) {
        TerraformText.Block call = definition.block();
        String source = call.attribute("source") == null ? null : unquoted(call.attribute("source").expression());
        String address = addressPrefix + "module." + name;
        if (source == null || !isLocalSource(source)) {
            skipped.add(new ScanResult.Skipped(IacScanner.display(definition.file()), call.line(), address,
                    "its source " + (source == null ? "is not a literal" : source + " is not a local folder")
                            + ": its resources are not read offline; scan the plan to see them"));
            return List.of();
        }
        Path called = folder.resolve(source).toAbsolutePath().normalize();
        if (!Files.isDirectory(called)) {
            errors.add(new ScanError(IacScanner.display(definition.file()), call.line(), address + " calls "
                    + source + ", which is not a folder"));
            return List.of();
        }
        if (chain.contains(called)) {
            errors.add(new ScanError(IacScanner.display(definition.file()), call.line(), address + " calls "
                    + source + ", which calls it back: a cycle Terraform refuses"));
            return List.of();
        }
        Map<String, TerraformValue> given = new LinkedHashMap<>();
        call.attributes().stream().filter(a -> !NOT_INPUTS.contains(a.name()))
                .forEach(a -> given.put(a.name(), value(a.expression(), definition.file(), 0)));
        List<String> notes = new ArrayList<>(moduleNotes);
        for (String meta : List.of("count", "for_each")) {
            if (call.attribute(meta) != null) {
                notes.add(address + " has " + meta + " = " + call.attribute(meta).expression()
                        + ": every instance is judged alike, once.");
            }
        }
        List<Path> deeper = new ArrayList<>(chain);
        deeper.add(called);
        TerraformModule child = new TerraformModule(called, address + ".", given, notes, deeper);
        List<ScannedEndpointConfig> configs = child.read(terraformFiles(called), List.of(), false);
        errors.addAll(child.errors);
        skipped.addAll(child.skipped);
        filesRead.addAll(child.filesRead);
        return configs;
    }

    private static boolean isLocalSource(String source) {
        return source.startsWith("./") || source.startsWith("../");
    }

    // ---- parsing ----------------------------------------------------------------------------------

    /** hcl4j with nothing evaluated and no data source fetched: what is written, or the symbol for an expression. */
    private static final class WrittenValues extends HCLParser {
        WrittenValues() {
            registerDataLookup("http", properties -> null);
        }

        @Override
        protected Object processEvaluation(EvalSymbol symbol, Object context, Map<String, Object> stackVars) {
            return symbol;
        }
    }

    /** The file as hcl4j reads it; a syntax error names its line. */
    private static Map<String, Object> parse(Path file, String text) {
        try {
            return new WrittenValues().parse(text);
        } catch (HCLParserException | IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage());
            Matcher line = PARSER_LINE.matcher(message);
            throw new UnreadableFileException(file, line.find() ? Integer.parseInt(line.group(1)) : 0,
                    "is not valid HCL: " + message.replaceAll("\\s*found on line:? \\d+ col:? \\d+", ""));
        }
    }

    /**
     * The file checked by hcl4j, and indexed. hcl4j's lexer takes time quadratic in the blocks of one input (2,000
     * blocks: about 1.5 s), so each top-level item is parsed on its own; a file that fails is parsed whole again, so
     * the error and its line are hcl4j's own.
     */
    private static TerraformText validated(Path file, String text) {
        try {
            TerraformText indexed = TerraformText.of(text);
            List<Integer> starts = indexed.topLevelStarts();
            for (int i = 0; i < starts.size(); i++) {
                int from = i == 0 ? 0 : starts.get(i);
                int to = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                new WrittenValues().parse(text.substring(from, to));
            }
            if (starts.isEmpty()) {
                new WrittenValues().parse(text);
            }
            return indexed;
        } catch (HCLParserException | IOException | RuntimeException e) {
            parse(file, text);
            return TerraformText.of(text);
        }
    }

    /** The value of a literal expression, as hcl4j reads it. */
    private static Object literal(String expression, Path file) {
        return parse(file, "v = " + expression).get("v");
    }

    private static boolean isPlainString(String written) {
        return written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")
                && written.indexOf('"', 1) == written.length() - 1 && !written.contains("${")
                && !written.contains("%{");
    }

    private static String unquoted(String written) {
        String trimmed = written.trim();
        return isPlainString(trimmed) ? trimmed.substring(1, trimmed.length() - 1) : null;
    }

    private static String readText(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException(file, 0, "is not text (not UTF-8)");
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
    }

    private static TerraformText.Block first(List<TerraformText.Block> blocks) {
        return blocks.isEmpty() ? null : blocks.get(0);
    }
}
