package io.keyguard.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.keyguard.log.BoundedText;
import java.io.IOException;
import java.util.function.Predicate;

/**
 * The parts of a Lambda hook's resource-operation request (targets RESOURCE and CLOUD_CONTROL) the hook uses, as
 * CloudFormation documents it. Fields it does not use (previousResourceProperties, requestContext, hookModel) are
 * not read, whatever they hold.
 *
 * @param clientRequestToken    echoed in the answer
 * @param hookTypeName          the hook's alias, for the log; null when absent
 * @param stackId               the stack, for the log; null or empty when Cloud Control API is the caller
 * @param actionInvocationPoint CREATE_PRE_PROVISION, UPDATE_PRE_PROVISION or DELETE_PRE_PROVISION
 * @param targetName            the resource type, such as AWS::SageMaker::EndpointConfig; null when absent
 * @param targetType            the resource type too, or RESOURCE when Cloud Control API is the caller; null when
 *                              absent
 * @param targetLogicalId       the resource's logical id (constructed by Cloud Control API); null when absent
 * @param resourceProperties    the proposed properties, a JSON object; null when the request has none
 */
record HookRequest(String clientRequestToken, String hookTypeName, String stackId, String actionInvocationPoint,
                   String targetName, String targetType, String targetLogicalId, JsonNode resourceProperties) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** Whether the request is about a resource of this type, whichever of targetName and targetType names it. */
    boolean targets(String resourceType) {
        return resourceType.equals(targetName) || resourceType.equals(targetType);
    }

    /** The resource type, as the log and answers name it. */
    String resourceType() {
        return targetName != null ? targetName : targetType;
    }

    /**
     * @throws InvalidHookRequestException naming the first field that is missing or of the wrong type, with the
     *                                     request's clientRequestToken when it could be read
     */
    static HookRequest read(byte[] request) {
        JsonNode root;
        try {
            root = JSON.readTree(request);
        } catch (JsonProcessingException e) {
            throw new InvalidHookRequestException("The hook request is not valid JSON: "
                    + BoundedText.abbreviate(e.getOriginalMessage()), null);
        } catch (IOException e) {
            throw new InvalidHookRequestException("The hook request cannot be read: " + e.getMessage(), null);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidHookRequestException("The hook request is empty.", null);
        }
        if (!root.isObject()) {
            throw new InvalidHookRequestException("The hook request must be a JSON object, not " + typeOf(root)
                    + ".", null);
        }
        String token = root.path("clientRequestToken").isTextual() ? root.get("clientRequestToken").asText() : null;
        Fields fields = new Fields(token);
        fields.required(root, "clientRequestToken", "");
        String invocationPoint = fields.required(root, "actionInvocationPoint", "");
        JsonNode requestData = fields.object(root, "requestData", "");
        if (requestData == null) {
            throw fields.invalid("requestData is missing; a resource operation's request carries its target there.");
        }
        String targetName = fields.optional(requestData, "targetName", "requestData.");
        String targetType = fields.optional(requestData, "targetType", "requestData.");
        if (targetName == null && targetType == null) {
            throw fields.invalid("requestData has neither targetName nor targetType; one of them names the resource"
                    + " type.");
        }
        JsonNode targetModel = fields.object(requestData, "targetModel", "requestData.");
        return new HookRequest(token, fields.optional(root, "hookTypeName", ""), fields.optional(root, "stackId", ""),
                invocationPoint, targetName, targetType, fields.optional(requestData, "targetLogicalId", "requestData."),
                targetModel == null ? null : fields.object(targetModel, "resourceProperties",
                        "requestData.targetModel."));
    }

    /** Reads fields of one request, failing with its token and the field's full path. */
    private record Fields(String token) {

        /** A non-empty string; fails when absent, null, empty or of another type. */
        String required(JsonNode parent, String field, String path) {
            String text = optional(parent, field, path);
            if (text == null || text.isEmpty()) {
                throw invalid(path + field + " is missing or empty; CloudFormation sends it with every request.");
            }
            return text;
        }

        /** A string, or null when absent or null; fails for another type. */
        String optional(JsonNode parent, String field, String path) {
            JsonNode value = present(parent, field, path, JsonNode::isTextual, "a string");
            return value == null ? null : value.asText();
        }

        /** A JSON object, or null when absent or null; fails for another type. */
        JsonNode object(JsonNode parent, String field, String path) {
            return present(parent, field, path, JsonNode::isObject, "a JSON object");
        }

        /** The field's value, or null when absent or null; fails when it is not what {@code expected} says. */
        private JsonNode present(JsonNode parent, String field, String path, Predicate<JsonNode> isExpected,
                                 String expected) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!isExpected.test(value)) {
                throw invalid(path + field + " must be " + expected + ", not " + typeOf(value) + ".");
            }
            return value;
        }

        InvalidHookRequestException invalid(String message) {
            return new InvalidHookRequestException("The hook request's " + message, token);
        }
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
