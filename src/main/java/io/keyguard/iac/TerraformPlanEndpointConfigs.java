package io.keyguard.iac;

import io.keyguard.keys.KeyFacts;
import io.keyguard.rule.EndpointConfigFacts;
import io.keyguard.rule.VariantFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code aws_sagemaker_endpoint_configuration} resources of a Terraform plan in JSON
 * ({@code terraform show -json PLANFILE}) and reads each into {@link EndpointConfigFacts}. Values come from
 * {@code resource_changes[].change.after}; {@code after_unknown} marks values known only after apply, which count as
 * set and are named as such. Resources only in {@code planned_values} (root and child modules) are read too.
 */
final class TerraformPlanEndpointConfigs {

    public static final String RESOURCE_TYPE = "aws_sagemaker_endpoint_configuration";

    private static final String KNOWN_AFTER_APPLY = "(known after apply)";
    private static final Pattern MODULE_STEP = Pattern.compile("module\\.([^.\\[]+)(\\[[^\\]]*\\])?");
    private static final Pattern KMS_KEY_REFERENCE = Pattern.compile("aws_kms_key\\.([^.\\[]+)");

    private TerraformPlanEndpointConfigs() {
    }

    /** What {@code terraform show -json} prints for a plan: a format version and planned values or changes. */
    public static boolean isPlan(IacNode document) {
        return document instanceof IacNode.Mapping mapping && mapping.get("format_version") != null
                && (mapping.get("planned_values") != null || mapping.get("resource_changes") != null);
    }

    public static List<ScannedEndpointConfig> read(Path file, IacNode.Mapping plan) {
        List<ScannedEndpointConfig> found = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        IacNode configuration = plan.get("configuration");
        Map<String, IacNode.Mapping> kmsKeys = plannedKmsKeys(plan);
        if (plan.get("resource_changes") instanceof IacNode.Sequence changes) {
            for (IacNode item : changes.items()) {
                if (item instanceof IacNode.Mapping change && isEndpointConfig(change)) {
                    String address = text(change.get("address"));
                    changed.add(address);
                    found.add(fromChange(file, change, address, configuration, kmsKeys));
                }
            }
        }
        if (at(plan, "planned_values", "root_module") instanceof IacNode.Mapping root) {
            fromPlannedValues(file, root, changed, found, kmsKeys);
        }
        return found;
    }

    /** The planned values of every aws_kms_key the plan creates or keeps, by address without instance keys. */
    private static Map<String, IacNode.Mapping> plannedKmsKeys(IacNode.Mapping plan) {
        Map<String, IacNode.Mapping> keys = new LinkedHashMap<>();
        if (plan.get("resource_changes") instanceof IacNode.Sequence changes) {
            for (IacNode item : changes.items()) {
                if (item instanceof IacNode.Mapping change && "aws_kms_key".equals(text(change.get("type")))
                        && !"data".equals(text(change.get("mode")))
                        && at(change, "change", "after") instanceof IacNode.Mapping after) {
                    keys.putIfAbsent(withoutInstanceKeys(text(change.get("address"))), after);
                }
            }
        }
        return keys;
    }

    /** {@code module.a[0].aws_kms_key.k["x"]} as {@code module.a.aws_kms_key.k}. */
    static String withoutInstanceKeys(String address) {
        return address == null ? null : address.replaceAll("\\[[^\\]]*\\]", "");
    }

    private static boolean isEndpointConfig(IacNode.Mapping resource) {
        return RESOURCE_TYPE.equals(text(resource.get("type")))
                && !"data".equals(text(resource.get("mode"))) && text(resource.get("address")) != null;
    }

    private static ScannedEndpointConfig fromChange(Path file, IacNode.Mapping change, String address,
                                                    IacNode configuration, Map<String, IacNode.Mapping> kmsKeys) {
        IacNode actions = at(change, "change", "actions");
        List<String> actionList = new ArrayList<>();
        if (actions instanceof IacNode.Sequence sequence) {
            sequence.items().forEach(action -> actionList.add(text(action)));
        }
        IacNode after = at(change, "change", "after");
        if (actionList.equals(List.of("delete")) || !(after instanceof IacNode.Mapping afterValues)) {
            return new ScannedEndpointConfig(file, change.line(), address, RESOURCE_TYPE, List.of(),
                    "The plan deletes this endpoint config (actions " + actionList + "): nothing to evaluate.");
        }
        String moduleAddress = text(change.get("module_address"));
        PlannedValues values = new PlannedValues(afterValues, at(change, "change", "after_unknown"),
                configExpressions(configuration, moduleAddress, text(change.get("type")) + "." + text(change.get("name"))),
                kmsKeys, moduleAddress == null ? "" : withoutInstanceKeys(moduleAddress) + ".");
        return new ScannedEndpointConfig(file, change.line(), address, RESOURCE_TYPE,
                List.of(values.alternative(address)), null);
    }

    private static void fromPlannedValues(Path file, IacNode.Mapping module, Set<String> changed,
                                          List<ScannedEndpointConfig> found, Map<String, IacNode.Mapping> kmsKeys) {
        if (module.get("resources") instanceof IacNode.Sequence resources) {
            for (IacNode item : resources.items()) {
                if (item instanceof IacNode.Mapping resource && isEndpointConfig(resource)
                        && !changed.contains(text(resource.get("address")))
                        && resource.get("values") instanceof IacNode.Mapping planned) {
                    String address = text(resource.get("address"));
                    found.add(new ScannedEndpointConfig(file, resource.line(), address, RESOURCE_TYPE,
                            List.of(new PlannedValues(planned, null, null, kmsKeys, "").alternative(address)), null));
                }
            }
        }
        if (module.get("child_modules") instanceof IacNode.Sequence children) {
            for (IacNode child : children.items()) {
                if (child instanceof IacNode.Mapping childModule) {
                    fromPlannedValues(file, childModule, changed, found, kmsKeys);
                }
            }
        }
    }

    /** The resource's expressions in the plan's configuration, to name what an unknown value will come from. */
    private static IacNode configExpressions(IacNode configuration, String moduleAddress, String localAddress) {
        IacNode module = at(configuration, "root_module");
        if (moduleAddress != null) {
            Matcher step = MODULE_STEP.matcher(moduleAddress);
            while (module != null && step.find()) {
                module = at(module, "module_calls", step.group(1), "module");
            }
        }
        if (at(module, "resources") instanceof IacNode.Sequence resources) {
            for (IacNode resource : resources.items()) {
                if (localAddress.equals(text(at(resource, "address")))) {
                    return at(resource, "expressions");
                }
            }
        }
        return null;
    }

    /** One resource's planned values, with what is unknown until apply and where those values come from. */
    /**
     * @param kmsKeys       every aws_kms_key of the plan, by address without instance keys
     * @param modulePrefix  the resource's module address and a dot ({@code module.inference.}), or empty for root
     */
    private record PlannedValues(IacNode.Mapping after, IacNode afterUnknown, IacNode expressions,
                                 Map<String, IacNode.Mapping> kmsKeys, String modulePrefix) {

        ScannedEndpointConfig.Alternative alternative(String address) {
            List<String> notes = new ArrayList<>();
            Map<String, KeyFacts> keysCreatedHere = new LinkedHashMap<>();
            String kmsKeyArn = key(notes, keysCreatedHere, "kms_key_arn");

            List<VariantFacts> variants = new ArrayList<>(variants(notes, keysCreatedHere, "production_variants"));
            variants(notes, keysCreatedHere, "shadow_production_variants").forEach(v -> variants.add(v.asShadow()));

            boolean hasCapture = at(after, "data_capture_config", 0) instanceof IacNode.Mapping;
            boolean captureEnabled = false;
            if (hasCapture) {
                // The provider's default for enable_capture is false, and the plan shows it filled in.
                captureEnabled = "true".equals(text(at(after, "data_capture_config", 0, "enable_capture")));
                if (unknown("data_capture_config", 0, "enable_capture")) {
                    notes.add("data_capture_config[0].enable_capture is known only after apply: checked as true.");
                    captureEnabled = true;
                }
            }
            String captureKey = hasCapture ? key(notes, keysCreatedHere, "data_capture_config", 0, "kms_key_id") : null;

            boolean async = at(after, "async_inference_config", 0) instanceof IacNode.Mapping;
            String asyncKey = async ? key(notes, keysCreatedHere, "async_inference_config", 0, "output_config", 0, "kms_key_id")
                    : null;

            Map<String, String> tags = new LinkedHashMap<>();
            // tags_all adds the provider's default_tags: what the deployed config will carry.
            String tagsField = after.get("tags_all") instanceof IacNode.Mapping || unknown("tags_all")
                    ? "tags_all" : "tags";
            if (after.get(tagsField) instanceof IacNode.Mapping tagMap) {
                tagMap.entries().forEach((k, v) -> tags.put(k, text(v) == null ? "" : text(v)));
            }
            List<String> tagNotes = new ArrayList<>();
            if (unknown(tagsField)) {
                tagNotes.add(tagsField + " is known only after apply; an exemption tag there was not seen.");
            }
            String name = text(after.get("name"));
            EndpointConfigFacts facts = new EndpointConfigFacts(name == null ? address : name, null, kmsKeyArn,
                    variants, captureEnabled, captureKey, async, asyncKey, tags);
            return new ScannedEndpointConfig.Alternative(List.of(), facts, notes, keysCreatedHere, tagNotes);
        }

        /** The variant blocks of one list: instance type, serverless or not, and the core dump key when set. */
        private List<VariantFacts> variants(List<String> notes, Map<String, KeyFacts> keysCreatedHere, String list) {
            List<VariantFacts> variants = new ArrayList<>();
            if (after.get(list) instanceof IacNode.Sequence blocks) {
                for (int i = 0; i < blocks.items().size(); i++) {
                    String name = text(at(after, list, i, "variant_name"));
                    String instanceType = text(at(after, list, i, "instance_type"));
                    if (unknown(list, i, "instance_type")) {
                        notes.add(list + "[" + i + "].instance_type is known only after apply.");
                    }
                    boolean serverless = at(after, list, i, "serverless_config")
                            instanceof IacNode.Sequence s && !s.items().isEmpty();
                    VariantFacts.CoreDump dump = at(after, list, i, "core_dump_config", 0) instanceof IacNode.Mapping
                            ? new VariantFacts.CoreDump(key(notes, keysCreatedHere, list, i, "core_dump_config", 0,
                                    "kms_key_id"))
                            : null;
                    variants.add(new VariantFacts(name == null ? "variant " + (i + 1) : name,
                            instanceType == null ? List.of() : List.of(instanceType), serverless, false, dump));
                }
            } else if (unknown(list)) {
                notes.add(list + " is known only after apply; its instance types were not checked.");
            }
            return variants;
        }

        /** A key attribute: its value, or when known only after apply, what it will come from. */
        private String key(List<String> notes, Map<String, KeyFacts> keysCreatedHere, Object... path) {
            if (!unknown(path)) {
                return text(at(after, path));
            }
            String attribute = describe(path);
            Object[] referencePath = new Object[path.length + 2];
            System.arraycopy(path, 0, referencePath, 0, path.length);
            referencePath[path.length] = "references";
            referencePath[path.length + 1] = 0;
            String source = text(at(expressions, referencePath));
            String reference = source == null ? KNOWN_AFTER_APPLY : source + " " + KNOWN_AFTER_APPLY;
            KeyFacts created = source == null ? null : keyCreatedByThePlan(source, reference);
            if (created != null) {
                keysCreatedHere.put(reference, created);
                notes.add(attribute + " is known only after apply (from " + source + "): a customer-managed key this"
                        + " plan creates, judged as planned.");
            } else {
                notes.add(attribute + " is known only after apply" + (source == null ? "" : " (from " + source + ")")
                        + ": counted as set.");
            }
            return reference;
        }

        /** What the plan says of an aws_kms_key it creates in the same module, or null when it says too little. */
        private KeyFacts keyCreatedByThePlan(String source, String reference) {
            Matcher key = KMS_KEY_REFERENCE.matcher(source);
            if (!key.lookingAt()) {
                return null;
            }
            IacNode.Mapping planned = kmsKeys.get(modulePrefix + "aws_kms_key." + key.group(1));
            if (planned == null) {
                return null;
            }
            String enabled = text(planned.get("is_enabled"));
            String rotation = text(planned.get("enable_key_rotation"));
            String spec = text(planned.get("customer_master_key_spec"));
            if (enabled == null || rotation == null) {
                return null;
            }
            KeyFacts.Rotation state = spec != null && !spec.equals("SYMMETRIC_DEFAULT") ? KeyFacts.Rotation.NOT_SUPPORTED
                    : "true".equals(rotation) ? KeyFacts.Rotation.ENABLED : KeyFacts.Rotation.DISABLED;
            return new KeyFacts(reference, true, "true".equals(enabled) ? KeyFacts.ENABLED : "Disabled", null, state);
        }

        private boolean unknown(Object... path) {
            IacNode current = afterUnknown;
            for (int i = 0; i <= path.length; i++) {
                if (current instanceof IacNode.Scalar scalar && "true".equals(scalar.text())) {
                    return true;
                }
                if (i == path.length || current == null) {
                    return false;
                }
                current = at(current, path[i]);
            }
            return false;
        }

        private static String describe(Object... path) {
            StringBuilder text = new StringBuilder();
            for (Object step : path) {
                text.append(step instanceof Integer index ? "[" + index + "]" : (text.isEmpty() ? "" : ".") + step);
            }
            return text.toString();
        }
    }

    /** Follows keys (String) and list indexes (Integer); null where the path leads nowhere. */
    static IacNode at(IacNode node, Object... path) {
        IacNode current = node;
        for (Object step : path) {
            if (step instanceof Integer index) {
                current = current instanceof IacNode.Sequence sequence && index < sequence.items().size()
                        ? sequence.items().get(index) : null;
            } else {
                current = current instanceof IacNode.Mapping mapping ? mapping.get((String) step) : null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static String text(IacNode node) {
        return node instanceof IacNode.Scalar scalar ? scalar.text() : null;
    }
}
