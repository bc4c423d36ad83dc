package io.keyguard.handler;

import static io.keyguard.testing.FakeAws.arnOf;
import static io.keyguard.testing.FakeAws.keyArnOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.HookRequests;
import io.keyguard.testing.JdkProcess;
import io.keyguard.testing.LambdaJavaRuntime;
import io.keyguard.testing.ProjectPom;
import io.keyguard.testing.RuntimeApiStandIn;
import io.keyguard.testing.TestEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment package as the Makefile builds it for {@code sam build}: target/keyguard-rule.jar, alone in lib/.
 * Run by failsafe after {@code package}, on the jar it built: its layout, then the Makefile's target run as SAM runs
 * it (its Maven step left out: the jar is built already) and each of the three handlers loaded from what it laid out
 * by Lambda's own runtime interface client, answering over the Runtime API against the local fake. The runtime client
 * runs on Linux only, as Lambda does; elsewhere those three tests are skipped, saying why.
 */
class DeploymentPackageIT {

    private static final Path JAR = Path.of("target/keyguard-rule.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEntryIsStoredSoNoClassIsInflatedAtStart() throws IOException {
        List<String> deflated = new ArrayList<>();
        int entries = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); entries++) {
                ZipEntry entry = e.nextElement();
                if (entry.getMethod() != ZipEntry.STORED) {
                    deflated.add(entry.getName());
                }
            }
        }
        assertEquals(0, deflated.size(), deflated.size() + " entries deflated, among them "
                + deflated.subList(0, Math.min(5, deflated.size())));
        assertTrue(entries > 5000, "the SDK runtime and the rule are in the jar: " + entries + " entries");
    }

    @Test
    void holdsEveryBuiltClassTheDependenciesAndTheCommandLineEntryPoint() throws IOException {
        List<String> missing = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile()); Stream<Path> built = Files.walk(Path.of("target/classes"))) {
            for (Path file : built.filter(Files::isRegularFile).toList()) {
                String name = Path.of("target/classes").relativize(file).toString().replace('\\', '/');
                ZipEntry entry = jar.getEntry(name);
                if (entry == null || entry.getSize() != Files.size(file)) {
                    missing.add(name);
                }
            }
            assertEquals(List.of(), missing, "classes and resources of target/classes missing or different");
            for (String dependency : List.of("software/amazon/awssdk/core/SdkClient.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                    "software/amazon/awssdk/services/sts/StsClient.class",
                    "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
                    "org/crac/Core.class", "org/yaml/snakeyaml/Yaml.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class")) {
                assertTrue(jar.getEntry(dependency) != null, dependency);
            }
            assertTrue(jar.getEntry("com/amazonaws/services/lambda/runtime/events/ConfigEvent.class") == null,
                    "the rule reads its events itself: Lambda's events library is not packaged");
            assertEquals("io.keyguard.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertFalse(jar.stream().anyMatch(e -> e.getName().endsWith("module-info.class")
                            || e.getName().matches("META-INF/[^/]+\\.(SF|DSA|RSA)")),
                    "no module descriptors or signatures of the merged jars");
        }
    }

    /** java -jar as a user runs it: the version the build stamped in, and exit codes through System.exit. */
    @Test
    void theJarsCommandLineNamesThePomsVersionAndEndsWithItsOwnExitCodes() throws Exception {
        JdkProcess.Result version = JdkProcess.run(new ProcessBuilder(JdkProcess.executable("java"), "-jar",
                JAR.toString(), "--version"));
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().lines().anyMatch(("keyguard " + ProjectPom.version())::equals), version.output());

        JdkProcess.Result unknown = JdkProcess.run(new ProcessBuilder(JdkProcess.executable("java"), "-jar",
                JAR.toString(), "scna"));
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().lines().anyMatch(
                "error: unknown command 'scna'; did you mean 'scan'? Run 'keyguard --help'."::equals), unknown.output());
    }

    @Test
    void theRuleReportsAChangeEventFromThePackageInLambdasJavaRuntime(@TempDir Path task) throws Exception {
        assumeRuntimeClientRunsHere();
        try (FakeAws aws = new FakeAws().withAccountState(Path.of("events/fake-account/state.json"))) {
            RuntimeApiStandIn.Answer answer = invokeFromPackage(task, aws, "RuleFunction",
                    "io.keyguard.handler.ConfigRuleHandler::handleRequest",
                    Files.readAllBytes(TestEvents.EVENTS.resolve("change-noncompliant.json")));

            assertFalse(answer.error(), answer.body());
            assertEquals("\"1 evaluation(s) reported\"", answer.body());
            List<JsonNode> describes = aws.bodies("SageMaker.DescribeEndpointConfig");
            assertEquals(1, describes.size());
            assertEquals("churn-model-v3", describes.get(0).path("EndpointConfigName").asText());
            List<JsonNode> puts = aws.bodies("StarlingDoveService.PutEvaluations");
            assertEquals(1, puts.size());
            JsonNode put = puts.get(0);
            assertEquals("TESTMODE", put.path("ResultToken").asText());
            assertTrue(put.path("TestMode").asBoolean());
            JsonNode evaluation = put.path("Evaluations").get(0);
            assertEquals(arnOf("churn-model-v3"), evaluation.path("ComplianceResourceId").asText());
            assertEquals("AWS::SageMaker::EndpointConfig", evaluation.path("ComplianceResourceType").asText());
            assertEquals("NON_COMPLIANT", evaluation.path("ComplianceType").asText());
        }
    }

    @Test
    void theRemediationPlansADryRunFromThePackageInLambdasJavaRuntime(@TempDir Path task) throws Exception {
        assumeRuntimeClientRunsHere();
        String key = keyArnOf("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d");
        try (FakeAws aws = new FakeAws().withKey(key, true, "Enabled", true, "alias/ml-storage")
                .withEndpointConfig("churn-model-v3", null).withEndpoint("churn-api", "churn-model-v3", "InService")) {
            String request = "{\"EndpointConfigId\":\"" + arnOf("churn-model-v3") + "\",\"KmsKeyArn\":\"" + key + "\"}";

            RuntimeApiStandIn.Answer answer = invokeFromPackage(task, aws, "RemediationFunction",
                    "io.keyguard.handler.RemediationHandler::handleRequest", request.getBytes(StandardCharsets.UTF_8));

            assertFalse(answer.error(), answer.body());
            JsonNode report = JSON.readTree(answer.body());
            assertEquals("PLANNED", report.path("outcome").asText(), answer.body());
            assertTrue(report.path("dryRun").asBoolean());
            assertTrue(aws.bodies("SageMaker.CreateEndpointConfig").isEmpty(), "a dry run creates nothing");
        }
    }

    /**
     * The hook's function as deploy/lambda-hook.yaml builds it, with no rule parameters set: an AWS-managed alias is
     * refused before any call, so the answer depends on nothing but the package and the hook's contract.
     */
    @Test
    void theHookAnswersARequestFromThePackageInLambdasJavaRuntime(@TempDir Path task) throws Exception {
        assumeRuntimeClientRunsHere();
        try (FakeAws aws = new FakeAws()) {
            RuntimeApiStandIn.Answer answer = invokeFromPackage(task, aws, "HookFunction",
                    "io.keyguard.handler.HookHandler::handleRequest",
                    HookRequests.bytes(HookRequests.create(HookRequests.endpointConfig("alias/aws/sagemaker",
                            "ml.m5.large"))));

            assertFalse(answer.error(), answer.body());
            JsonNode hook = JSON.readTree(answer.body());
            assertEquals("FAILED", hook.path("hookStatus").asText(), answer.body());
            assertEquals("NonCompliant", hook.path("errorCode").asText());
            assertEquals("KmsKeyId alias/aws/sagemaker is an AWS-managed key, whose policy you do not control. Use a"
                    + " customer-managed key.", hook.path("message").asText());
            assertEquals(HookRequests.TOKEN, hook.path("clientRequestToken").asText());
            assertTrue(aws.requests().isEmpty(), "no call for an AWS-managed alias");
        }
    }

    private static void assumeRuntimeClientRunsHere() {
        assumeTrue(LambdaJavaRuntime.unsupportedHere() == null, LambdaJavaRuntime::unsupportedHere);
    }

    /** What the Makefile lays out in {@code task}, started as Lambda starts it, answering one invocation. */
    private static RuntimeApiStandIn.Answer invokeFromPackage(Path task, FakeAws aws, String function, String handler,
                                                             byte[] event) throws Exception {
        // MVN=true: the Makefile's Maven step becomes a no-op, the rest of the target runs as sam build runs it.
        JdkProcess.Result make = JdkProcess.run(new ProcessBuilder("make", "-s", "build-" + function, "MVN=true",
                "ARTIFACTS_DIR=" + task.toAbsolutePath()));
        assertEquals(0, make.exitCode(), "make build-" + function + ": " + make.output());
        try (Stream<Path> laidOut = Files.walk(task)) {
            assertEquals(List.of(task.resolve("lib/keyguard-rule.jar")),
                    laidOut.filter(Files::isRegularFile).toList(), "the package is the one jar in lib/");
        }
        assertEquals(Files.size(JAR), Files.size(task.resolve("lib/keyguard-rule.jar")));
        LambdaJavaRuntime runtime = LambdaJavaRuntime.from(LambdaJavaRuntime.JARS);
        try (RuntimeApiStandIn api = new RuntimeApiStandIn()) {
            RuntimeApiStandIn.Invocation invocation = api.invoke(event);
            ProcessBuilder builder = new ProcessBuilder(runtime.command(JdkProcess.executable("java"), List.of(),
                    handler))
                    .directory(task.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(task.resolve("runtime.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(LambdaJavaRuntime.javaEnvironment(api, aws.endpoint(), handler, task));
            Process process = builder.start();
            try {
                return LambdaJavaRuntime.awaitAnswer(invocation, process, api, handler);
            } catch (IllegalStateException e) {
                throw new AssertionError(e.getMessage() + "; the runtime wrote:\n"
                        + Files.readString(task.resolve("runtime.log")), e);
            } finally {
                LambdaJavaRuntime.stop(process);
            }
        }
    }
}
