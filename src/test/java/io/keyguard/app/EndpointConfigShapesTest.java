package io.keyguard.app;

import static io.keyguard.testing.FakeAws.arnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.RuleFunction;
import io.keyguard.testing.TestEvents;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every shape of endpoint config SageMaker accepts, as DescribeEndpointConfig returns it, through the Config rule over
 * HTTP against the local fake: shadow variants, instance pools, core dumps and serverless variants; the evaluation put
 * and the keys KMS was asked about.
 */
class EndpointConfigShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = FakeAws.keyArnOf("5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5");
    private static final String DUMP_KEY = FakeAws.keyArnOf("0c1d2e3f-1a2b-4c3d-8e9f-a0b1c2d3e4f5");
    private static final String DESCRIBE_KEY = "TrentService.DescribeKey";
    private static final String LOCAL = " have local NVMe storage, encrypted by the instance hardware; a KmsKeyId does"
            + " not encrypt it.";

    private FakeAws aws;
    private RuleFunction rule;

    @BeforeEach
    void start() {
        aws = new FakeAws().withKey(KEY, true, "Enabled", true).withKey(DUMP_KEY, true, "Enabled", true);
        rule = new RuleFunction(aws.clients());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void aShadowVariantOnLocalStorageMakesTheConfigNotApplicable() {
        ObjectNode config = config("shadow-local", null, variant("AllTraffic", "ml.m5.large"));
        config.putArray("ShadowProductionVariants").add(variant("Candidate", "ml.p5.48xlarge"));

        JsonNode evaluation = evaluate(config, "{}");

        assertEquals("NOT_APPLICABLE", evaluation.path("ComplianceType").asText());
        assertEquals("Variant(s) shadow variant Candidate (ml.p5.48xlarge)" + LOCAL,
                evaluation.path("Annotation").asText());
        assertEquals(List.of(), keysDescribed(), "no storage key to examine");
    }

    @Test
    void aShadowVariantOnEbsNeedsTheKeyAsAProductionOneDoes() {
        ObjectNode config = config("shadow-ebs", null, variant("AllTraffic", "ml.m5.large"));
        config.putArray("ShadowProductionVariants").add(variant("Candidate", "ml.c5.xlarge"));

        JsonNode evaluation = evaluate(config, "{}");

        assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        assertEquals("No KmsKeyId: storage volumes use an AWS-owned key you cannot control. Create a copy of this"
                + " endpoint config with KmsKeyId set to a customer-managed KMS key and move its endpoints to the copy.",
                evaluation.path("Annotation").asText());
    }

    @Test
    void everyInstanceTypeOfTheInstancePoolsIsJudged() {
        ObjectNode pooled = variant("Pooled", null);
        pooled.putArray("InstancePools").add(pool("ml.m5.xlarge", 1)).add(pool("ml.g6.xlarge", 2));
        ObjectNode onEbs = variant("Pooled", null);
        onEbs.putArray("InstancePools").add(pool("ml.m5.xlarge", 1)).add(pool("ml.c5.xlarge", 2));

        JsonNode local = evaluate(config("pools-local", KEY, pooled), "{}");
        JsonNode ebs = evaluate(config("pools-ebs", KEY, onEbs), "{}");

        assertEquals("NOT_APPLICABLE", local.path("ComplianceType").asText());
        assertEquals("Variant(s) Pooled (ml.g6.xlarge)" + LOCAL, local.path("Annotation").asText());
        assertEquals("COMPLIANT", ebs.path("ComplianceType").asText());
        assertEquals("KmsKeyId " + KEY + " is customer-managed, Enabled.", ebs.path("Annotation").asText());
    }

    @Test
    void coreDumpKeysAreCheckedWhenAskedForAndEachIsDescribed() {
        ObjectNode withoutKey = variant("AllTraffic", "ml.m5.large");
        withoutKey.putObject("CoreDumpConfig").put("DestinationS3Uri", "s3://dumps/prefix");
        ObjectNode withKey = variant("AllTraffic", "ml.m5.large");
        withKey.putObject("CoreDumpConfig").put("DestinationS3Uri", "s3://dumps/prefix").put("KmsKeyId", DUMP_KEY);

        JsonNode missing = evaluate(config("dumps-no-key", KEY, withoutKey), "{\"checkCoreDumpKey\":\"true\"}");
        JsonNode good = evaluate(config("dumps-key", KEY, withKey), "{\"checkCoreDumpKey\":\"true\"}");
        List<String> describedForGood = keysDescribed();
        JsonNode notAsked = evaluate(config("dumps-not-asked", KEY, withoutKey), "{}");

        assertEquals("NON_COMPLIANT", missing.path("ComplianceType").asText());
        assertEquals("Variant AllTraffic writes core dumps to S3 without CoreDumpConfig.KmsKeyId, so S3's AWS-managed"
                + " key encrypts them. Set a customer-managed key in a new config.", missing.path("Annotation").asText());
        assertEquals("COMPLIANT", good.path("ComplianceType").asText());
        assertEquals("KmsKeyId " + KEY + " is customer-managed, Enabled. CoreDumpConfig.KmsKeyId of AllTraffic is"
                + " customer-managed, Enabled.", good.path("Annotation").asText());
        assertEquals(List.of(KEY, DUMP_KEY), describedForGood);
        assertEquals("COMPLIANT", notAsked.path("ComplianceType").asText(), "checkCoreDumpKey is off by default");
    }

    @Test
    void aServerlessConfigNeedsAKeyAndOneWithAGoodKeyPasses() {
        ObjectNode serverless = JSON.createObjectNode().put("VariantName", "AllTraffic").put("ModelName", "m");
        serverless.putObject("ServerlessConfig").put("MemorySizeInMB", 2048).put("MaxConcurrency", 5);

        JsonNode without = evaluate(config("serverless-no-key", null, serverless.deepCopy()), "{}");
        JsonNode with = evaluate(config("serverless-key", KEY, serverless), "{}");

        assertEquals("NON_COMPLIANT", without.path("ComplianceType").asText());
        assertEquals("No KmsKeyId on this serverless config: SageMaker encrypts its data with an AWS-owned key you"
                + " cannot control. Create a copy with KmsKeyId set to a customer-managed KMS key and move the endpoint"
                + " to it.", without.path("Annotation").asText());
        assertEquals("COMPLIANT", with.path("ComplianceType").asText());
    }

    /** One change evaluation of this config, as SageMaker describes it; the single evaluation put. */
    private JsonNode evaluate(ObjectNode config, String ruleParameters) {
        aws.resetRequests();
        aws.withEndpointConfig(config);
        String name = config.path("EndpointConfigName").asText();
        ConfigEvent event = TestEvents.change("AWS::SageMaker::EndpointConfig", arnOf(name), name, "OK");
        event.setRuleParameters(ruleParameters);
        rule.handleRequest(event, null);
        List<JsonNode> put = aws.evaluationsPut();
        assertEquals(1, put.size(), put.toString());
        return put.get(0);
    }

    private List<String> keysDescribed() {
        return aws.bodies(DESCRIBE_KEY).stream().map(b -> b.path("KeyId").asText()).toList();
    }

    private static ObjectNode config(String name, String kmsKeyId, ObjectNode variant) {
        ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", name);
        if (kmsKeyId != null) {
            config.put("KmsKeyId", kmsKeyId);
        }
        config.putArray("ProductionVariants").add(variant);
        return config;
    }

    private static ObjectNode variant(String name, String instanceType) {
        ObjectNode variant = JSON.createObjectNode().put("VariantName", name).put("ModelName", name + "-model")
                .put("InitialInstanceCount", 1);
        if (instanceType != null) {
            variant.put("InstanceType", instanceType);
        }
        return variant;
    }

    private static ObjectNode pool(String instanceType, int priority) {
        return JSON.createObjectNode().put("InstanceType", instanceType).put("Priority", priority);
    }
}
