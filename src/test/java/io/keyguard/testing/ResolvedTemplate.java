package io.keyguard.testing;

import static io.keyguard.testing.CloudFormationYaml.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template's values as CloudFormation would compute them for given stack parameters: Ref, Fn::Sub,
 * Fn::Join, Fn::If with the template's Conditions (Fn::Equals, Fn::Not, Condition), and AWS::NoValue
 * removing a property. Enough to check that what a template sends (a rule's InputParameters, an IAM
 * resource) is what the code accepts and calls, without deploying it.
 */
public final class ResolvedTemplate {

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([\\w:]+)}");

    private final Map<String, Object> template;
    private final Map<String, Object> parameters = new HashMap<>();

    /** @param values stack parameters given; the others take their Default (a parameter without one must be given) */
    public ResolvedTemplate(Map<String, Object> template, Map<String, String> values) {
        this.template = template;
        map(template.get("Parameters")).forEach((name, declaration) -> {
            Object value = values.containsKey(name) ? values.get(name) : map(declaration).get("Default");
            if (value == null) {
                throw new IllegalArgumentException("stack parameter " + name + " has no default and was not given");
            }
            if ("CommaDelimitedList".equals(map(declaration).get("Type")) && value instanceof String list) {
                value = list.isEmpty() ? List.of("") : List.of(list.split(","));
            }
            parameters.put(name, value);
        });
        parameters.put("AWS::Partition", "aws");
        parameters.put("AWS::Region", FakeAws.REGION);
        parameters.put("AWS::AccountId", FakeAws.ACCOUNT);
        parameters.put("AWS::StackName", "keyguard");
    }

    /** A resource's property, resolved; null when AWS::NoValue removed it. */
    public Object property(String logicalId, String property) {
        Object value = resolve(CloudFormationYaml.properties(template, logicalId).get(property));
        return value == NO_VALUE ? null : value;
    }

    public Object resolve(Object node) {
        if (node instanceof Map<?, ?> raw) {
            Map<String, Object> object = map(raw);
            if (object.size() == 1) {
                String key = object.keySet().iterator().next();
                Object argument = object.get(key);
                switch (key) {
                    case "Ref":
                        return reference((String) argument);
                    case "Fn::Sub":
                        return substitute((String) argument);
                    case "Fn::Join":
                        return join(list(argument));
                    case "Fn::If":
                        List<Object> choice = list(argument);
                        return resolve(condition((String) choice.get(0)) ? choice.get(1) : choice.get(2));
                    default:
                        break;
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            object.forEach((key, value) -> {
                Object result = resolve(value);
                if (result != NO_VALUE) {
                    resolved.put(key, result);
                }
            });
            return resolved;
        }
        if (node instanceof List<?> items) {
            List<Object> resolved = new ArrayList<>();
            items.forEach(item -> resolved.add(resolve(item)));
            return resolved;
        }
        return node;
    }

    public boolean condition(String name) {
        return test(map(template.get("Conditions")).get(name));
    }

    private boolean test(Object node) {
        Map<String, Object> function = map(node);
        String key = function.keySet().iterator().next();
        Object argument = function.get(key);
        return switch (key) {
            case "Fn::Not" -> !test(list(argument).get(0));
            case "Fn::Equals" -> resolve(list(argument).get(0)).equals(resolve(list(argument).get(1)));
            case "Condition" -> condition((String) argument);
            default -> throw new IllegalArgumentException("condition function not handled: " + key);
        };
    }

    private Object reference(String name) {
        if ("AWS::NoValue".equals(name)) {
            return NO_VALUE;
        }
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("Ref to " + name + ", which is neither a parameter nor a pseudo parameter");
        }
        return parameters.get(name);
    }

    private String substitute(String text) {
        Matcher matcher = SUBSTITUTION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(String.valueOf(reference(matcher.group(1)))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String join(List<Object> arguments) {
        List<String> parts = new ArrayList<>();
        Object items = resolve(arguments.get(1));
        for (Object item : list(items)) {
            parts.add(String.valueOf(item));
        }
        return String.join((String) arguments.get(0), parts);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
