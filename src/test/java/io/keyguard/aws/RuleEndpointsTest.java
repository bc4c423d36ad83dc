package io.keyguard.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;

class RuleEndpointsTest {

    /**
     * The endpoints handed to the builders are the ones the builders would otherwise have taken from the SDK's
     * service metadata, in every region the metadata lists for the service.
     */
    @Test
    void theRulesGiveTheEndpointsTheSdksServiceMetadataGivesInEveryListedRegion() {
        int compared = 0;
        for (var service : List.<Map.Entry<String, Function<RuleEndpoints, URI>>>of(
                Map.entry("api.sagemaker", RuleEndpoints::sageMaker),
                Map.entry("config", RuleEndpoints::config),
                Map.entry("kms", RuleEndpoints::kms))) {
            ServiceMetadata metadata = ServiceMetadata.of(service.getKey());
            for (Region region : metadata.regions()) {
                if (region.isGlobalRegion() || region.id().startsWith("fips-") || region.id().endsWith("-fips")) {
                    continue;
                }
                RuleEndpoints endpoints = RuleEndpoints.forRegion(region, Map.of(), new Properties(), false);
                assertNotNull(endpoints);
                assertEquals(URI.create("https://" + metadata.endpointFor(region)), service.getValue().apply(endpoints),
                        service.getKey() + " in " + region);
                compared++;
            }
        }
        assertTrue(compared > 60, "regions compared: " + compared);
    }

    @Test
    void givesTheRegionalEndpointsOfEachPartition() {
        RuleEndpoints china = RuleEndpoints.forRegion(Region.CN_NORTH_1, Map.of(), new Properties(), false);
        assertEquals(URI.create("https://api.sagemaker.cn-north-1.amazonaws.com.cn"), china.sageMaker());
        assertEquals(URI.create("https://config.cn-north-1.amazonaws.com.cn"), china.config());
        assertEquals(URI.create("https://kms.cn-north-1.amazonaws.com.cn"), china.kms());
        RuleEndpoints govCloud = RuleEndpoints.forRegion(Region.US_GOV_WEST_1, Map.of(), new Properties(), false);
        assertEquals(URI.create("https://api.sagemaker.us-gov-west-1.amazonaws.com"), govCloud.sageMaker());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_KMS",
            "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"})
    void leavesTheEndpointsToTheSdkWhenAnEnvironmentVariableMayChangeThem(String variable) {
        assertNull(RuleEndpoints.forRegion(Region.US_EAST_1, Map.of(variable, "x"), new Properties(), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws.endpointUrl", "aws.endpointUrlSageMaker", "aws.useFipsEndpoint",
            "aws.useDualstackEndpoint"})
    void leavesTheEndpointsToTheSdkWhenASystemPropertyMayChangeThem(String property) {
        Properties properties = new Properties();
        properties.setProperty(property, "x");
        assertNull(RuleEndpoints.forRegion(Region.US_EAST_1, Map.of(), properties, false));
    }

    @Test
    void leavesTheEndpointsToTheSdkWhenASharedConfigFileMaySetThem() {
        assertNull(RuleEndpoints.forRegion(Region.US_EAST_1, Map.of(), new Properties(), true));
    }

    @Test
    void otherVariablesLeaveTheRuleEndpointsInPlace() {
        assertNotNull(RuleEndpoints.forRegion(Region.US_EAST_1,
                Map.of("AWS_REGION", "us-east-1", "AWS_LAMBDA_FUNCTION_NAME", "rule", "PATH", "/usr/bin"),
                new Properties(), false));
    }
}
