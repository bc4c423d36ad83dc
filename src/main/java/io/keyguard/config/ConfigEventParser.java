package io.keyguard.config;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.rule.InvalidRuleParametersException;
import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the event AWS Config sends into a {@link ConfigRuleInvocation}, or fails naming what is wrong. */
public final class ConfigEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigEventParser() {
    }

    public static ConfigRuleInvocation parse(ConfigEvent event) {
        if (event == null) {
            throw new InvalidEventException("The event is empty; expected an AWS Config rule event.");
        }
        String resultToken = required(event.getResultToken(), "resultToken");
        String ruleName = required(event.getConfigRuleName(), "configRuleName");
        InvokingEvent invokingEvent = parseInvokingEvent(event.getInvokingEvent());
        RuleParameters parameters = RuleParameters.parse(parseRuleParameters(event.getRuleParameters()));
        return new ConfigRuleInvocation(ruleName, invokingEvent, parameters, resultToken, event.getEventLeftScope());
    }

    /**
     * Reads the event as Lambda delivers it (the JSON document AWS Config sent), without Lambda's own
     * serialization stack. Fields the rule does not use are ignored.
     */
    public static ConfigEvent readEvent(InputStream json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("The event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("The event must be a JSON object; expected an AWS Config rule event.");
        }
        ConfigEvent event = new ConfigEvent();
        event.setVersion(optionalText(root, "version"));
        event.setInvokingEvent(optionalText(root, "invokingEvent"));
        event.setRuleParameters(optionalText(root, "ruleParameters"));
        event.setResultToken(optionalText(root, "resultToken"));
        event.setEventLeftScope(root.path("eventLeftScope").asBoolean(false));
        event.setExecutionRoleArn(optionalText(root, "executionRoleArn"));
        event.setConfigRuleArn(optionalText(root, "configRuleArn"));
        event.setConfigRuleName(optionalText(root, "configRuleName"));
        event.setConfigRuleId(optionalText(root, "configRuleId"));
        event.setAccountId(optionalText(root, "accountId"));
        return event;
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    static InvokingEvent parseInvokingEvent(String json) {
        JsonNode root = parseObject(json, "invokingEvent");
        String messageType = text(root, "messageType", "invokingEvent");
        return switch (messageType) {
            case InvokingEvent.CHANGE -> resourceChange(messageType,
                    object(root, "configurationItem", "invokingEvent"), "invokingEvent.configurationItem");
            case InvokingEvent.OVERSIZED_CHANGE -> resourceChange(messageType,
                    object(root, "configurationItemSummary", "invokingEvent"),
                    "invokingEvent.configurationItemSummary");
            case InvokingEvent.SCHEDULED -> new InvokingEvent.Scheduled(
                    instant(root, "notificationCreationTime", "invokingEvent"));
            default -> throw new InvalidEventException("invokingEvent.messageType '" + messageType
                    + "' is not one this rule handles (" + InvokingEvent.CHANGE + ", "
                    + InvokingEvent.OVERSIZED_CHANGE + ", " + InvokingEvent.SCHEDULED + ").");
        };
    }

    private static InvokingEvent.ResourceChange resourceChange(String messageType, JsonNode item, String where) {
        return new InvokingEvent.ResourceChange(
                messageType,
                text(item, "resourceType", where),
                text(item, "resourceId", where),
                resourceName(item),
                text(item, "configurationItemStatus", where),
                instant(item, "configurationItemCaptureTime", where));
    }

    /** Config sends resourceName for most types; the recorded configuration also carries the name. */
    private static String resourceName(JsonNode item) {
        JsonNode name = item.get("resourceName");
        if (name != null && name.isTextual() && !name.asText().isBlank()) {
            return name.asText();
        }
        JsonNode configuration = item.get("configuration");
        if (configuration != null && configuration.isObject()) {
            for (String field : new String[] {"EndpointConfigName", "endpointConfigName"}) {
                JsonNode value = configuration.get(field);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
        }
        return null;
    }

    static Map<String, String> parseRuleParameters(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRuleParametersException("ruleParameters is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new InvalidRuleParametersException("ruleParameters must be a JSON object of parameter names to"
                    + " string values, not " + root.getNodeType().toString().toLowerCase() + ".");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new InvalidRuleParametersException("Rule parameter " + field.getKey()
                        + " must be a string, not " + value.getNodeType().toString().toLowerCase() + ".");
            }
            parameters.put(field.getKey(), value.asText());
        }
        return parameters;
    }

    private static JsonNode parseObject(String json, String name) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException(name + " is missing from the event.");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(name + " must be a JSON object.");
        }
        return node;
    }

    private static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new InvalidEventException(where + "." + field + " is missing or not an object.");
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidEventException(where + "." + field + " is missing or not a non-empty string.");
        }
        return node.asText();
    }

    private static Instant instant(JsonNode parent, String field, String where) {
        String value = text(parent, field, where);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(where + "." + field + " '" + value
                    + "' is not an ISO-8601 timestamp such as 2024-05-01T12:00:00.000Z.", e);
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("The event has no " + field + ".");
        }
        return value;
    }
}
