package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.testing.JdkProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rule's cold path loads, seen from a fresh JVM started with the Lambda function's environment: building
 * the clients and evaluating one change (describe, describe the key, put) must leave the metadata of every AWS
 * service ({@code software.amazon.awssdk.regions.servicemetadata}, about 300 classes) unloaded, whether the clients
 * go to AWS's endpoints or to one given by AWS_ENDPOINT_URL (as in the cold-start benchmark). Where a setting may
 * change the endpoints, the SDK resolves them itself, and loads that metadata.
 */
class ColdPathClassesTest {

    private static final String SERVICE_METADATA = "software.amazon.awssdk.regions.servicemetadata.";
    /** The calls of a change evaluation under the default parameters, in order, as the probe prints them. */
    private static final List<String> CALLS = List.of("calls " + List.of(CannedAwsHttpClient.DESCRIBE,
            CannedAwsHttpClient.DESCRIBE_KEY, CannedAwsHttpClient.PUT));

    @TempDir
    Path home;

    @Test
    void clientsForAwsUseTheRuleEndpointsAndTheWholePathLoadsNoServiceMetadata() throws Exception {
        List<String> output = run(Map.of());

        assertTrue(output.contains("endpoint sagemaker https://api.sagemaker.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint config https://config.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint kms https://kms.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint override -"), "no override for the STS client to follow");
        assertTrue(output.containsAll(CALLS), output::toString);
        assertEquals(List.of(), loaded(output, SERVICE_METADATA));
        assertTrue(loaded(output, "io.keyguard.sdk.sagemaker.model.").size() > 20, "the class log was read");
    }

    @Test
    void clientsForAnEndpointUrlLoadNoServiceMetadataEither() throws Exception {
        List<String> output = run(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

        assertTrue(output.contains("endpoint sagemaker http://127.0.0.1:4566"), output::toString);
        assertTrue(output.contains("endpoint override -"), "STS reads AWS_ENDPOINT_URL for itself");
        assertTrue(output.containsAll(CALLS), output::toString);
        assertEquals(List.of(), loaded(output, SERVICE_METADATA));
    }

    @Test
    void anEndpointUrlForOneServiceLeavesEveryEndpointToTheSdk() throws Exception {
        List<String> output = run(Map.of("AWS_ENDPOINT_URL_SAGEMAKER", "http://127.0.0.1:4566"));

        assertTrue(output.contains("endpoint sagemaker http://127.0.0.1:4566"), output::toString);
        assertTrue(output.contains("endpoint config -"), output::toString);
        assertTrue(output.contains("endpoint override -"), "STS must not follow SageMaker's endpoint");
        assertTrue(loaded(output, SERVICE_METADATA).size() > 100, "the SDK's own resolution, service metadata and all");
    }

    @Test
    void withFipsTheSdkResolvesTheEndpointsItself() throws Exception {
        List<String> output = run(Map.of("AWS_USE_FIPS_ENDPOINT", "true"));

        assertTrue(output.contains("endpoint sagemaker -"), output::toString);
        assertTrue(output.contains("endpoint override -"), output::toString);
        assertTrue(loaded(output, SERVICE_METADATA).size() > 100, "the SDK's own resolution, service metadata and all");
    }

    @Test
    void aSharedConfigFileLeavesTheEndpointsToTheSdk() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-1\n");

        List<String> output = run(Map.of());

        assertTrue(output.contains("endpoint sagemaker -"), output::toString);
        assertTrue(output.containsAll(CALLS), output::toString);
    }

    private List<String> run(Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        Map<String, String> variables = new HashMap<>(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDPROBE", "AWS_SECRET_ACCESS_KEY", "probe", "AWS_SESSION_TOKEN", "probe",
                "HOME", home.toString()));
        variables.putAll(extraEnvironment);
        JdkProcess.Result result = JdkProcess.run(JdkProcess.lambdaFunction(
                List.of(JdkProcess.CLASS_LOG, "-Duser.home=" + home), variables, ColdPathProbe.class));
        assertEquals(0, result.exitCode(), result.output());
        return result.output().lines().toList();
    }

    private static List<String> loaded(List<String> output, String packagePrefix) {
        return JdkProcess.classesLoaded(output).stream().filter(name -> name.startsWith(packagePrefix)).toList();
    }
}
