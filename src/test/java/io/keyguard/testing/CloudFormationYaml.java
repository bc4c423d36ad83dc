package io.keyguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads CloudFormation/SAM YAML, turning short-form intrinsics (!Ref, !GetAtt, ...) into their long form. */
public final class CloudFormationYaml {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Condition", "ToJsonString", "Length");

    private CloudFormationYaml() {
    }

    /** A node of a loaded template as a map: CloudFormation YAML is maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    public static Map<String, Object> resource(Map<String, Object> template, String logicalId) {
        return map(map(template.get("Resources")).get(logicalId));
    }

    public static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        return map(resource(template, logicalId).get("Properties"));
    }

    /**
     * The statements of a resource's inline Policies, each a policy document (a SAM function's) or a
     * PolicyName/PolicyDocument pair (an IAM role's).
     */
    public static List<Map<String, Object>> policyStatements(Map<String, Object> template, String logicalId) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : (List<?>) properties(template, logicalId).get("Policies")) {
            Map<String, Object> document = map(policy).containsKey("PolicyDocument")
                    ? map(map(policy).get("PolicyDocument")) : map(policy);
            for (Object statement : (List<?>) document.get("Statement")) {
                statements.add(map(statement));
            }
        }
        return statements;
    }

    /** The actions of an IAM policy statement, whose Action is one string or a list. */
    public static List<String> actionsOf(Map<String, Object> statement) {
        Object action = statement.get("Action");
        List<String> actions = new ArrayList<>();
        if (action instanceof List<?> list) {
            list.forEach(a -> actions.add((String) a));
        } else {
            actions.add((String) action);
        }
        return actions;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(Path file) {
        try {
            return (Map<String, Object>) new Yaml(new IntrinsicConstructor()).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
