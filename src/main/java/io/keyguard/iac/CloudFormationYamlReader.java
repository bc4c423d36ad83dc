package io.keyguard.iac;

import io.keyguard.log.IoProblems;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML (CloudFormation and SAM templates) into {@link IacNode}s with line numbers, turning the short-form
 * intrinsic tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, {@code !If}, ...) into their long form. SnakeYAML's
 * node API is used rather than its object construction because only nodes keep their marks (lines).
 */
final class CloudFormationYamlReader {

    /** The short forms CloudFormation accepts besides !Ref and !Condition; each stands for {@code Fn::<name>}. */
    public static final Set<String> SHORT_FORM_FUNCTIONS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");

    /** Deeper nesting than this is not a template (and may be a recursive alias). */
    private static final int MAX_DEPTH = 200;

    /** CloudFormation takes templates up to 1 MB; a generous bound keeps a stray huge file from exhausting memory. */
    private static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

    private CloudFormationYamlReader() {
    }

    static final String NOT_TEXT = "is not text (not UTF-8): neither a template nor a plan in JSON";

    /** Every document in the file (a CloudFormation template has one). */
    public static List<IacNode> read(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        List<IacNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node document : new Yaml(options).composeAll(reader)) {
                documents.add(new Converter(file).convert(document, 0));
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new UnreadableFileException(file, mark == null ? 0 : mark.getLine() + 1,
                    "not valid YAML: " + describe(e));
        } catch (YAMLException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new UnreadableFileException(file, 0, NOT_TEXT);
            }
            throw new UnreadableFileException(file, 0, "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw new UnreadableFileException(file, 0, "cannot be read: " + IoProblems.describe(e));
        }
        return documents;
    }

    private static String describe(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext() + ", ";
        return context + (e.getProblem() == null ? e.getMessage() : e.getProblem());
    }

    private static final class Converter {
        private final Path file;

        Converter(Path file) {
            this.file = file;
        }

        IacNode convert(Node node, int depth) {
            if (depth > MAX_DEPTH) {
                throw new UnreadableFileException(file, lineOf(node), "nested more than " + MAX_DEPTH
                        + " levels deep (a recursive alias?)");
            }
            String tag = node.getTag().getValue();
            if (tag.startsWith("!") && !tag.startsWith("!!")) {
                return intrinsic(tag.substring(1), node, depth);
            }
            return plain(node, depth);
        }

        private IacNode plain(Node node, int depth) {
            int line = lineOf(node);
            if (node instanceof ScalarNode scalar) {
                return new IacNode.Scalar(Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue(), line);
            }
            if (node instanceof SequenceNode sequence) {
                List<IacNode> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(convert(item, depth + 1));
                }
                return new IacNode.Sequence(items, line);
            }
            MappingNode mapping = (MappingNode) node;
            Map<String, IacNode> entries = new LinkedHashMap<>();
            Map<String, Integer> keyLines = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (Tag.MERGE.equals(keyNode.getTag())) {
                    merge(convert(tuple.getValueNode(), depth + 1), entries, keyLines);
                    continue;
                }
                if (!(keyNode instanceof ScalarNode key)) {
                    throw new UnreadableFileException(file, lineOf(keyNode), "a mapping key must be a plain value");
                }
                if (entries.containsKey(key.getValue())) {
                    throw new UnreadableFileException(file, lineOf(keyNode), "duplicate key '" + key.getValue()
                            + "' (first at line " + keyLines.get(key.getValue()) + ")");
                }
                keyLines.put(key.getValue(), lineOf(keyNode));
                entries.put(key.getValue(), convert(tuple.getValueNode(), depth + 1));
            }
            return new IacNode.Mapping(entries, keyLines, line);
        }

        /** YAML merge keys (<<): entries written in the mapping itself win over merged ones. */
        private void merge(IacNode merged, Map<String, IacNode> entries, Map<String, Integer> keyLines) {
            List<IacNode> sources = merged instanceof IacNode.Sequence s ? s.items() : List.of(merged);
            for (IacNode source : sources) {
                if (!(source instanceof IacNode.Mapping mapping)) {
                    throw new UnreadableFileException(file, source.line(), "a merge key (<<) must name a mapping");
                }
                mapping.entries().forEach((key, value) -> {
                    if (!entries.containsKey(key)) {
                        entries.put(key, value);
                        keyLines.put(key, mapping.keyLine(key));
                    }
                });
            }
        }

        private IacNode intrinsic(String name, Node node, int depth) {
            int line = lineOf(node);
            IacNode argument = plain(node, depth);
            String key;
            if ("Ref".equals(name) || "Condition".equals(name)) {
                key = name;
            } else if (SHORT_FORM_FUNCTIONS.contains(name)) {
                key = "Fn::" + name;
                if ("GetAtt".equals(name) && argument instanceof IacNode.Scalar scalar && scalar.text() != null) {
                    // !GetAtt Resource.Attribute is the short form of [Resource, Attribute]; attributes may hold dots.
                    String[] parts = scalar.text().split("\\.", 2);
                    List<IacNode> items = new ArrayList<>();
                    for (String part : parts) {
                        items.add(new IacNode.Scalar(part, line));
                    }
                    argument = new IacNode.Sequence(items, line);
                }
            } else {
                // Not a CloudFormation function: kept under its tag, so a key that holds it is reported, not guessed.
                key = "!" + name;
            }
            return new IacNode.Mapping(Map.of(key, argument), Map.of(key, line), line);
        }

        private static int lineOf(Node node) {
            return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        }
    }
}
