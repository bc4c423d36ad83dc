package io.keyguard.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.sdk.sagemaker.model.CreateEndpointConfigRequest;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse;
import io.keyguard.testing.FakeAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;

/**
 * The copy carries every field CreateEndpointConfig accepts. The generated client's field list is the reference,
 * so a field that a newer service model adds (src/main/aws-models, refreshed with trim.py) fails this test until the
 * copy carries it too.
 */
class EndpointConfigCopiesTest {

    /** Set by the remediation itself rather than copied. */
    private static final Set<String> NOT_COPIED = Set.of("EndpointConfigName", "KmsKeyId", "Tags");

    @Test
    void everyFieldCreateEndpointConfigAcceptsIsCopiedFromTheDescription() throws IOException {
        DescribeEndpointConfigResponse original = fullDescription();
        CreateEndpointConfigRequest copy = EndpointConfigCopies.copyRequest(original, "copy", "arn:key",
                Map.of("k", "v"));

        Map<String, SdkField<?>> described = original.sdkFieldNameToField();
        for (SdkField<?> field : copy.sdkFields()) {
            if (NOT_COPIED.contains(field.memberName())) {
                continue;
            }
            SdkField<?> source = described.get(field.memberName());
            assertNotNull(source, field.memberName() + " is not in DescribeEndpointConfig's answer");
            Object value = source.getValueOrDefault(original);
            assertNotNull(value, field.memberName() + " is not set in the test description: add it there");
            assertEquals(value, field.getValueOrDefault(copy), field.memberName());
        }
        assertEquals("copy", copy.endpointConfigName());
        assertEquals("arn:key", copy.kmsKeyId());
    }

    /** The fixture the remediation tests copy, as the SDK client reads it from (the fake of) SageMaker. */
    private static DescribeEndpointConfigResponse fullDescription() throws IOException {
        String json = Files.readString(Path.of("src/test/resources/remediation/full-endpoint-config.json"));
        try (FakeAws aws = new FakeAws().withEndpointConfig((ObjectNode) new ObjectMapper().readTree(json))) {
            return aws.clients().sageMaker().describeEndpointConfig(r -> r.endpointConfigName("churn-model-v3"));
        }
    }
}
