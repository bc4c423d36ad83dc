package io.keyguard.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * CloudFormation Lambda hook requests in the documented shape of a resource operation (docs/lambda-hook.md), and the
 * hook's answer to one, read back as JSON.
 */
public final class HookRequests {

    public static final String TOKEN = "f8da6d11-b23f-48f4-814c-0fb6a667f50e";
    public static final String HOOK = "Keyguard::SageMaker::EndpointConfigCmk";
    public static final String STACK_ID = "arn:aws:cloudformation:" + FakeAws.REGION + ":" + FakeAws.ACCOUNT
            + ":stack/ml-serving/1a2345b6-0000-00a0-a123-00abc0abc000";
    public static final String ENDPOINT_CONFIG = "AWS::SageMaker::EndpointConfig";
    public static final String CREATE = "CREATE_PRE_PROVISION";
    public static final String UPDATE = "UPDATE_PRE_PROVISION";
    public static final String DELETE = "DELETE_PRE_PROVISION";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HookRequests() {
    }

    /** A request to create the endpoint config FraudScoringConfig with these properties (no previous ones: null). */
    public static ObjectNode create(JsonNode properties) {
        return request(CREATE, ENDPOINT_CONFIG, properties, null);
    }

    /**
     * A resource operation's request as CloudFormation sends it for a stack's resource FraudScoringConfig.
     *
     * @param previous the previous properties, written as JSON null when null
     */
    public static ObjectNode request(String invocationPoint, String resourceType, JsonNode properties,
                                     JsonNode previous) {
        ObjectNode request = JSON.createObjectNode()
                .put("clientRequestToken", TOKEN)
                .put("awsAccountId", FakeAws.ACCOUNT)
                .put("stackId", STACK_ID)
                .putNull("changeSetId")
                .put("hookTypeName", HOOK)
                .put("hookTypeVersion", "00000001")
                .put("actionInvocationPoint", invocationPoint);
        request.putObject("hookModel").put("LambdaFunction", "arn:aws:lambda:" + FakeAws.REGION + ":"
                + FakeAws.ACCOUNT + ":function:keyguard-hook-HookFunction");
        ObjectNode data = request.putObject("requestData").put("targetName", resourceType)
                .put("targetType", resourceType).put("targetLogicalId", "FraudScoringConfig");
        ObjectNode model = data.putObject("targetModel");
        model.set("resourceProperties", properties);
        model.set("previousResourceProperties", previous == null ? JSON.nullNode() : previous);
        request.putObject("requestContext").put("invocation", 1).putNull("callbackContext");
        return request;
    }

    /** Endpoint-config properties with one instance variant and, when {@code kmsKeyId} is not null, a storage key. */
    public static ObjectNode endpointConfig(String kmsKeyId, String instanceType) {
        ObjectNode properties = JSON.createObjectNode().put("EndpointConfigName", "fraud-scoring");
        if (kmsKeyId != null) {
            properties.put("KmsKeyId", kmsKeyId);
        }
        properties.putArray("ProductionVariants").addObject().put("VariantName", "AllTraffic")
                .put("ModelName", "fraud-model").put("InitialInstanceCount", 1).put("InstanceType", instanceType);
        return properties;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(JsonNode request) {
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The handler's answer to {@code request}, as CloudFormation reads it. */
    public static JsonNode invoke(RequestStreamHandler handler, byte[] request, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(request), output, context);
            return JSON.readTree(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
