package io.keyguard.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What building the clients loads, seen from a fresh JVM started with the Lambda function's environment: the
 * metadata of every AWS service ({@code software.amazon.awssdk.regions.servicemetadata}, about 300 classes) must
 * stay unloaded, whether the clients go to AWS or to an endpoint given by AWS_ENDPOINT_URL (as in the
 * cold-start benchmark).
 */
class ClientBuildClassesTest {

    private static final String SERVICE_METADATA = "software.amazon.awssdk.regions.servicemetadata.";

    @TempDir
    Path home;

    @Test
    void clientsForAwsAreBuiltWithTheRuleEndpointsAndWithoutServiceMetadata() throws Exception {
        List<String> output = buildClients(Map.of());

        assertTrue(output.contains("endpoint sagemaker https://api.sagemaker.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint config https://config.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint kms https://kms.eu-west-1.amazonaws.com"), output::toString);
        assertTrue(output.contains("endpoint override -"), "no override for the STS client to follow");
        assertEquals(List.of(), loaded(output, SERVICE_METADATA));
        assertTrue(loaded(output, "io.keyguard.sdk.sagemaker.").size() > 20, "the class log was read");
    }

    @Test
    void clientsForAnEndpointUrlAreBuiltWithoutServiceMetadata() throws Exception {
        List<String> output = buildClients(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

        assertTrue(output.contains("endpoint sagemaker http://127.0.0.1:4566"), output::toString);
        assertTrue(output.contains("endpoint override http://127.0.0.1:4566"), output::toString);
        assertEquals(List.of(), loaded(output, SERVICE_METADATA));
    }

    @Test
    void withFipsTheSdkResolvesTheEndpointsItself() throws Exception {
        List<String> output = buildClients(Map.of("AWS_USE_FIPS_ENDPOINT", "true"));

        assertTrue(output.contains("endpoint sagemaker -"), output::toString);
        assertTrue(loaded(output, SERVICE_METADATA).size() > 100, "the SDK's own resolution, service metadata and all");
    }

    private List<String> buildClients(Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:stdout", "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"),
                ClientBuildProbe.class.getName()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(Map.of("AWS_LAMBDA_FUNCTION_NAME", "rule", "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDPROBE", "AWS_SECRET_ACCESS_KEY", "probe", "AWS_SESSION_TOKEN", "probe",
                "HOME", home.toString()));
        environment.putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }

    private static List<String> loaded(List<String> output, String packagePrefix) {
        return output.stream().filter(line -> line.contains("[class,load] " + packagePrefix)).toList();
    }
}
