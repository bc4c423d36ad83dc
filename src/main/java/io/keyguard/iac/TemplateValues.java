package io.keyguard.iac;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads property values of one CloudFormation resource for one combination of conditions, the way the rule must see
 * them before deployment: a literal is itself; {@code Ref AWS::NoValue}, null and the empty string are absent;
 * {@code Fn::If} takes the branch the current run chose; a {@code Ref} to a parameter with a default is that
 * default; any other intrinsic ({@code Ref} to a resource, {@code GetAtt}, {@code ImportValue}, {@code Sub}, ...)
 * is a value that is set, shown in its short form ({@code !Ref MyKey}). What cannot be known offline is written
 * down as a note, never assumed silently.
 */
final class TemplateValues {

    private static final int MAX_RENDERED = 120;

    private final Path file;
    private final IacNode.Mapping parameters;
    private final IacNode.Mapping resources;
    private final ConditionBranches.Choices choices;
    private final List<String> notes = new ArrayList<>();

    TemplateValues(Path file, IacNode.Mapping template, ConditionBranches.Choices choices) {
        this.file = file;
        this.parameters = template.get("Parameters") instanceof IacNode.Mapping m ? m : null;
        this.resources = template.get("Resources") instanceof IacNode.Mapping m ? m : null;
        this.choices = choices;
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** A string property (a key reference, an instance type): the literal or a readable intrinsic; null if absent. */
    String string(IacNode node, String property) {
        IacNode value = effective(node);
        if (value == null) {
            return null;
        }
        if (value instanceof IacNode.Scalar scalar) {
            return scalar.text();
        }
        if (value instanceof IacNode.Mapping mapping && isIntrinsic(mapping)) {
            return "Ref".equals(mapping.soleKey()) ? ref(mapping, property) : render(mapping);
        }
        throw notUnderstood(value, property, "a string or an intrinsic function");
    }

    /** A name shown to people (a variant name, the config name): its text or readable form, with no notes. */
    String label(IacNode node) {
        IacNode value = effective(node);
        return value == null ? null : render(value);
    }

    /** A Boolean property; intrinsics other than a parameter with a default are taken as true, and noted. */
    boolean bool(IacNode node, String property, boolean whenAbsent) {
        IacNode value = effective(node);
        if (value == null) {
            return whenAbsent;
        }
        String text;
        if (value instanceof IacNode.Scalar scalar) {
            text = scalar.text();
        } else if (value instanceof IacNode.Mapping mapping && isIntrinsic(mapping)) {
            boolean isRef = "Ref".equals(mapping.soleKey());
            text = isRef ? ref(mapping, property) : null;
            if (isRef && text == null) {
                return whenAbsent;
            }
            if (text == null || text.startsWith("!")) {
                notes.add(property + " is " + render(mapping) + ", known only at deployment: checked as true.");
                return true;
            }
        } else {
            throw notUnderstood(value, property, "true or false");
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UnreadableFileException(file, value.line(), property + " is '" + text
                    + "'; expected true or false");
        };
    }

    /**
     * An object property such as DataCaptureConfig: the mapping, or null when absent. A value that is not an object
     * (a placeholder string, an intrinsic whose result is unknown offline) is read as absent, and a note says so.
     */
    IacNode.Mapping object(IacNode node, String property) {
        IacNode value = effective(node);
        if (value == null) {
            return null;
        }
        if (value instanceof IacNode.Mapping mapping) {
            if (!isIntrinsic(mapping) && !isUnknownTag(mapping)) {
                return mapping;
            }
            if (isUnknownTag(mapping)) {
                throw notUnderstood(value, property, "an object");
            }
            notes.add(property + " is " + render(mapping) + ": its contents are known only at deployment and were"
                    + " not checked.");
            return null;
        }
        if (value instanceof IacNode.Scalar scalar) {
            notes.add(property + " is the string '" + abbreviate(scalar.text()) + "', not an object: read as if "
                    + property + " were absent.");
            return null;
        }
        throw notUnderstood(value, property, "an object");
    }

    /** A list property such as ProductionVariants: its items that are present in this run (Fn::If taken). */
    List<IacNode> list(IacNode node, String property) {
        IacNode value = effective(node);
        if (value == null) {
            return List.of();
        }
        if (value instanceof IacNode.Sequence sequence) {
            List<IacNode> items = new ArrayList<>();
            for (IacNode item : sequence.items()) {
                IacNode present = effective(item);
                if (present != null) {
                    items.add(present);
                }
            }
            return items;
        }
        if (value instanceof IacNode.Mapping mapping && isIntrinsic(mapping)) {
            notes.add(property + " is " + render(mapping) + ": its items are known only at deployment and were"
                    + " not checked.");
            return List.of();
        }
        throw notUnderstood(value, property, "a list");
    }

    /** The node that deploys in this run: Fn::If resolved, and null for missing, null and AWS::NoValue. */
    IacNode effective(IacNode node) {
        IacNode current = node;
        while (current instanceof IacNode.Mapping mapping && "Fn::If".equals(mapping.soleKey())) {
            if (!(mapping.get("Fn::If") instanceof IacNode.Sequence arguments) || arguments.items().size() != 3
                    || !(arguments.items().get(0) instanceof IacNode.Scalar condition) || condition.text() == null) {
                throw new UnreadableFileException(file, mapping.line(),
                        "Fn::If takes [condition name, value if true, value if false]");
            }
            current = arguments.items().get(choices.choose(condition.text()) ? 1 : 2);
        }
        if (current == null || current instanceof IacNode.Scalar scalar && scalar.text() == null) {
            return null;
        }
        if (current instanceof IacNode.Mapping mapping && "Ref".equals(mapping.soleKey())
                && mapping.get("Ref") instanceof IacNode.Scalar target && "AWS::NoValue".equals(target.text())) {
            return null;
        }
        return current;
    }

    /** A Ref: a parameter's default when it has one, else the short form; notes say which and why. */
    private String ref(IacNode.Mapping mapping, String property) {
        if (!(mapping.get("Ref") instanceof IacNode.Scalar target) || target.text() == null) {
            throw notUnderstood(mapping, property, "a Ref to a parameter or resource name");
        }
        String name = target.text();
        String shortForm = "!Ref " + name;
        if (parameters != null && parameters.get(name) instanceof IacNode.Mapping parameter) {
            String type = parameter.get("Type") instanceof IacNode.Scalar t ? t.text() : null;
            IacNode defaultValue = parameter.get("Default");
            if (type != null && type.startsWith("AWS::SSM::Parameter::Value")) {
                notes.add(property + " is " + shortForm + ", read from the SSM parameter "
                        + (defaultValue == null ? "passed" : render(defaultValue)) + " at deployment.");
                return shortForm;
            }
            if (defaultValue == null) {
                notes.add(property + " is " + shortForm + ", a parameter without a default: its value is known"
                        + " only at deployment.");
                return shortForm;
            }
            String text = render(defaultValue);
            if (text == null || text.isBlank()) {
                notes.add(property + " is " + shortForm + ", whose default is empty: absent unless a deployment"
                        + " passes a value.");
                return null;
            }
            notes.add(property + " is " + shortForm + ", checked through its default " + abbreviate(text)
                    + "; a deployment may pass another value.");
            return text;
        }
        if (name.startsWith("AWS::") || resources != null && resources.get(name) != null) {
            return shortForm;
        }
        notes.add(property + " is " + shortForm + ", which names no parameter or resource in this file.");
        return shortForm;
    }

    private UnreadableFileException notUnderstood(IacNode value, String property, String expected) {
        String found = value instanceof IacNode.Mapping m && isUnknownTag(m)
                ? "the tag " + m.soleKey() + ", which CloudFormation does not know"
                : value instanceof IacNode.Sequence ? "a list" : value instanceof IacNode.Mapping ? "an object"
                : "'" + render(value) + "'";
        return new UnreadableFileException(file, value.line(), property + " must be " + expected + ", not "
                + found);
    }

    static boolean isIntrinsic(IacNode.Mapping mapping) {
        String key = mapping.soleKey();
        return key != null && (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::"));
    }

    private static boolean isUnknownTag(IacNode.Mapping mapping) {
        String key = mapping.soleKey();
        return key != null && key.startsWith("!");
    }

    /** The short YAML form of a value, for annotations: {@code !GetAtt Key.Arn}, {@code !Sub 'arn:...'}. */
    static String render(IacNode node) {
        return abbreviate(renderFully(node));
    }

    private static String renderFully(IacNode node) {
        if (node instanceof IacNode.Scalar scalar) {
            return scalar.text();
        }
        if (node instanceof IacNode.Sequence sequence) {
            List<String> items = new ArrayList<>();
            sequence.items().forEach(item -> items.add(renderFully(item)));
            return "[" + String.join(", ", items) + "]";
        }
        IacNode.Mapping mapping = (IacNode.Mapping) node;
        if (isIntrinsic(mapping)) {
            String key = mapping.soleKey();
            IacNode argument = mapping.get(key);
            String name = key.startsWith("Fn::") ? key.substring(4) : key;
            if ("GetAtt".equals(name) && argument instanceof IacNode.Sequence parts) {
                List<String> items = new ArrayList<>();
                parts.items().forEach(item -> items.add(renderFully(item)));
                return "!GetAtt " + String.join(".", items);
            }
            if (argument instanceof IacNode.Scalar scalar && scalar.text() != null
                    && scalar.text().chars().anyMatch(c -> c == ' ' || c == '$' || c == ':')) {
                return "!" + name + " '" + scalar.text() + "'";
            }
            return "!" + name + " " + renderFully(argument);
        }
        List<String> entries = new ArrayList<>();
        mapping.entries().forEach((key, value) -> entries.add(key + ": " + renderFully(value)));
        return "{" + String.join(", ", entries) + "}";
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED - 1) + "…";
    }
}
