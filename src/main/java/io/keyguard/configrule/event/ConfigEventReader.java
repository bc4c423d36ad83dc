package io.keyguard.configrule.event;

import io.keyguard.aws.TargetAccount;
import io.keyguard.log.BoundedText;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads the event AWS Config sends (the JSON document Lambda hands the function) into a {@link ConfigRuleInvocation},
 * or fails naming what is wrong. Fields the rule does not use are ignored.
 *
 * <p>JSON is read with the AWS SDK's own small parser ({@link JsonText}), which the SDK loads anyway for the
 * JSON protocol: no second JSON library to load at cold start.
 */
public final class ConfigEventReader {

    /** Rule parameters of the invocation rather than of the rule (the AWS Config Rule Development Kit's names). */
    public static final String EXECUTION_ROLE_NAME = "ExecutionRoleName";
    public static final String EXECUTION_ROLE_REGION = "ExecutionRoleRegion";
    public static final List<String> INVOCATION_PARAMETERS = List.of(EXECUTION_ROLE_NAME, EXECUTION_ROLE_REGION);

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** IAM role names, optionally after a path; the whole path and name may not exceed 512 characters. */
    private static final Pattern ROLE_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    private static final int MAX_ROLE_PATH_AND_NAME = 512;
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /**
     * Config invokes the rule asynchronously, and Lambda accepts at most 1 MB for that (a configuration item too
     * large for Config's notification arrives as an oversized summary), so a longer invokingEvent is not Config's.
     */
    static final int MAX_INVOKING_EVENT_CHARS = 1024 * 1024;
    /** A Config rule's InputParameters are at most 1,024 characters (PutConfigRule). */
    static final int MAX_RULE_PARAMETERS_CHARS = 1024;
    /** Evaluation.ComplianceResourceId and ComplianceResourceType limits: PutEvaluations refuses longer ones. */
    static final int MAX_RESOURCE_ID_CHARS = 768;
    static final int MAX_RESOURCE_TYPE_CHARS = 256;

    private ConfigEventReader() {
    }

    /**
     * @throws InvalidEventException          naming the field that is missing or malformed
     * @throws InvalidRuleParametersException when ruleParameters, ExecutionRoleName or ExecutionRoleRegion is
     *                                        malformed (the rule's own parameters are judged by the rule)
     */
    public static ConfigRuleInvocation read(byte[] json) {
        JsonNode root;
        try {
            root = JsonText.parse(json);
        } catch (JsonText.SyntaxError e) {
            throw new InvalidEventException("The event is not valid JSON: " + BoundedText.abbreviate(e.getMessage()),
                    e);
        }
        if (root == null) {
            throw new InvalidEventException("The event is empty; expected an AWS Config rule event.");
        }
        if (!root.isObject()) {
            throw new InvalidEventException("The event must be a JSON object; expected an AWS Config rule event.");
        }
        String resultToken = required(string(root, "resultToken"), "resultToken");
        String ruleName = required(string(root, "configRuleName"), "configRuleName");
        InvokingEvent invokingEvent = parseInvokingEvent(jsonText(root, "invokingEvent"));
        Map<String, String> parameters = new LinkedHashMap<>(parseRuleParameters(jsonText(root, "ruleParameters")));
        boolean leftScope = leftScope(root);
        TargetAccount target = targetAccount(string(root, "accountId"), parameters);
        parameters.keySet().removeAll(INVOCATION_PARAMETERS);
        return new ConfigRuleInvocation(ruleName, invokingEvent, parameters, target, resultToken, leftScope);
    }

    /**
     * A field AWS Config sends as a string, or null when absent.
     *
     * @throws InvalidEventException when it is there but not a string (a number, say): Config never sends that
     */
    private static String string(JsonNode event, String field) {
        JsonNode value = event.field(field).filter(n -> !n.isNull()).orElse(null);
        if (value != null && !value.isString()) {
            throw new InvalidEventException("The event's " + field + " is " + article(typeOf(value))
                    + "; AWS Config sends it as a string.");
        }
        return value == null ? null : value.asString();
    }

    /** A field AWS Config sends as a string holding JSON (invokingEvent, ruleParameters), or null when absent. */
    private static String jsonText(JsonNode event, String field) {
        JsonNode value = event.field(field).filter(n -> !n.isNull()).orElse(null);
        if (value != null && (value.isObject() || value.isArray())) {
            throw new InvalidEventException("The event's " + field + " is " + article(typeOf(value)) + ", not a"
                    + " string; AWS Config sends " + field + " as a string that holds JSON.");
        }
        return string(event, field);
    }

    private static boolean leftScope(JsonNode event) {
        JsonNode value = event.field("eventLeftScope").filter(n -> !n.isNull()).orElse(null);
        if (value != null && !value.isBoolean()) {
            throw new InvalidEventException("The event's eventLeftScope is " + article(typeOf(value))
                    + "; AWS Config sends true or false.");
        }
        return value != null && value.asBoolean();
    }

    /** "a JSON object", "a number": how an error names what it found. */
    private static String article(String type) {
        return "a " + (type.equals("object") || type.equals("array") ? "JSON " + type : type);
    }

    /**
     * Which account the event is about and the execution role parameters that reach it.
     *
     * @throws InvalidEventException          when accountId is not a 12-digit account id
     * @throws InvalidRuleParametersException when ExecutionRoleName or ExecutionRoleRegion is malformed
     */
    private static TargetAccount targetAccount(String accountId, Map<String, String> parameters) {
        if (accountId != null && !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidEventException("The event's accountId '" + BoundedText.abbreviate(accountId)
                    + "' is not a 12-digit AWS account id.");
        }
        String roleName = blankToNull(parameters.get(EXECUTION_ROLE_NAME));
        String roleRegion = blankToNull(parameters.get(EXECUTION_ROLE_REGION));
        if (roleName != null && (roleName.length() > MAX_ROLE_PATH_AND_NAME || !ROLE_NAME.matcher(roleName).matches())) {
            throw new InvalidRuleParametersException("Rule parameter " + EXECUTION_ROLE_NAME + " '"
                    + BoundedText.abbreviate(roleName) + "' is not an IAM role name (1-64 letters, digits and"
                    + " + = , . @ _ -, optionally after a path such as audit/).");
        }
        if (roleRegion != null && !REGION.matcher(roleRegion).matches()) {
            throw new InvalidRuleParametersException("Rule parameter " + EXECUTION_ROLE_REGION + " '"
                    + BoundedText.abbreviate(roleRegion) + "' is not an AWS Region code such as eu-west-1.");
        }
        if (roleRegion != null && roleName == null) {
            throw new InvalidRuleParametersException("Rule parameter " + EXECUTION_ROLE_REGION
                    + " is set but " + EXECUTION_ROLE_NAME + " is not: there is no role to assume.");
        }
        return new TargetAccount(accountId, roleName, roleRegion);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static InvokingEvent parseInvokingEvent(String json) {
        if (json != null && json.length() > MAX_INVOKING_EVENT_CHARS) {
            throw new InvalidEventException("invokingEvent is " + json.length() + " characters long; AWS Config"
                    + " sends at most " + MAX_INVOKING_EVENT_CHARS + " (Lambda's 1 MB limit for its asynchronous"
                    + " invocations), so this is not an AWS Config event.");
        }
        JsonNode root = parseObject(json, "invokingEvent");
        String messageType = text(root, "messageType", "invokingEvent");
        // Config stamps every notification; a change is ordered by its item's capture time, but the stamp must be one.
        if (!InvokingEvent.SCHEDULED.equals(messageType) && root.field("notificationCreationTime")
                .filter(n -> !n.isNull()).isPresent()) {
            instant(root, "notificationCreationTime", "invokingEvent");
        }
        return switch (messageType) {
            case InvokingEvent.CHANGE -> resourceChange(messageType,
                    object(root, "configurationItem", "invokingEvent"), "invokingEvent.configurationItem");
            case InvokingEvent.OVERSIZED_CHANGE -> resourceChange(messageType,
                    object(root, "configurationItemSummary", "invokingEvent"),
                    "invokingEvent.configurationItemSummary");
            case InvokingEvent.SCHEDULED -> new InvokingEvent.Scheduled(
                    instant(root, "notificationCreationTime", "invokingEvent"));
            default -> throw new InvalidEventException("invokingEvent.messageType '"
                    + BoundedText.abbreviate(messageType)
                    + "' is not one this rule handles (" + InvokingEvent.CHANGE + ", "
                    + InvokingEvent.OVERSIZED_CHANGE + ", " + InvokingEvent.SCHEDULED + ").");
        };
    }

    private static InvokingEvent.ResourceChange resourceChange(String messageType, JsonNode item, String where) {
        return new InvokingEvent.ResourceChange(
                messageType,
                bounded(text(item, "resourceType", where), MAX_RESOURCE_TYPE_CHARS, where + ".resourceType"),
                bounded(text(item, "resourceId", where), MAX_RESOURCE_ID_CHARS, where + ".resourceId"),
                resourceName(item),
                text(item, "configurationItemStatus", where),
                instant(item, "configurationItemCaptureTime", where));
    }

    /** Config sends resourceName for most types; the recorded configuration also carries the name. */
    private static String resourceName(JsonNode item) {
        String name = nonBlankText(item, "resourceName");
        if (name != null) {
            return name;
        }
        JsonNode configuration = item.field("configuration").orElse(null);
        if (configuration != null && configuration.isObject()) {
            for (String field : new String[] {"EndpointConfigName", "endpointConfigName"}) {
                String value = nonBlankText(configuration, field);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /** The field's text when it is a non-blank string, else null. */
    private static String nonBlankText(JsonNode parent, String field) {
        JsonNode node = parent.field(field).orElse(null);
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }

    public static Map<String, String> parseRuleParameters(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        if (json.length() > MAX_RULE_PARAMETERS_CHARS) {
            throw new InvalidRuleParametersException("ruleParameters is " + json.length() + " characters long;"
                    + " AWS Config accepts at most " + MAX_RULE_PARAMETERS_CHARS + " for a rule's input parameters.");
        }
        JsonNode root;
        try {
            root = JsonText.parse(json);
        } catch (JsonText.SyntaxError e) {
            throw new InvalidRuleParametersException("ruleParameters is not valid JSON: "
                    + BoundedText.abbreviate(e.getMessage()));
        }
        if (root == null || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new InvalidRuleParametersException("ruleParameters must be a JSON object of parameter names to"
                    + " string values, not " + typeOf(root) + ".");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.asObject().entrySet()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isString()) {
                throw new InvalidRuleParametersException("Rule parameter " + BoundedText.abbreviate(field.getKey())
                        + " must be a string, not " + typeOf(value) + ".");
            }
            parameters.put(field.getKey(), value.asString());
        }
        return parameters;
    }

    private static JsonNode parseObject(String json, String name) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException(name + " is missing from the event.");
        }
        JsonNode node;
        try {
            node = JsonText.parse(json);
        } catch (JsonText.SyntaxError e) {
            throw new InvalidEventException(name + " is not valid JSON: " + BoundedText.abbreviate(e.getMessage()), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(name + " must be a JSON object.");
        }
        return node;
    }

    private static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.field(field).orElse(null);
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(where + "." + field + " is missing or not an object.");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String where) {
        String text = nonBlankText(parent, field);
        if (text == null) {
            throw new InvalidEventException(where + "." + field + " is missing or not a non-empty string.");
        }
        return text;
    }

    private static String typeOf(JsonNode node) {
        if (node.isArray()) {
            return "array";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isObject() ? "object" : node.isString() ? "string" : "null";
    }

    private static Instant instant(JsonNode parent, String field, String where) {
        String value = text(parent, field, where);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(where + "." + field + " '" + BoundedText.abbreviate(value)
                    + "' is not an ISO-8601 timestamp such as 2024-05-01T12:00:00.000Z.", e);
        }
    }

    private static String bounded(String value, int maxChars, String field) {
        if (value.length() > maxChars) {
            throw new InvalidEventException(field + " is " + value.length() + " characters long; AWS Config"
                    + " identifies resources with at most " + maxChars + ".");
        }
        return value;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("The event has no " + field + ".");
        }
        return value;
    }
}
