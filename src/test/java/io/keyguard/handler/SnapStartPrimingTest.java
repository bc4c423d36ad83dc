package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyguard.aws.AwsClients;
import io.keyguard.aws.CallLimits;
import io.keyguard.sdk.kms.model.KeyManagerType;
import io.keyguard.sdk.kms.model.KeyMetadata;
import io.keyguard.sdk.kms.model.KeyState;
import io.keyguard.testing.FakeAws;
import io.keyguard.testing.LogCapture;
import io.keyguard.testing.RecordingHttpClient;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming runs the rule's path on canned answers: it calls nothing, leaves the classes of that path
 * loaded, and loads none the Config rule does not use (the scan, the remediation, Jackson, SnakeYAML); then it makes
 * the one real call that needs no permission, to warm the TLS handshake.
 */
class SnapStartPrimingTest {

    /**
     * Classes of every step: reading the event, the time budget, describing the config and its key, deciding,
     * reporting, logging, and the SDK's marshalling, signing and unmarshalling.
     */
    private static final List<String> PRIMED_CLASSES = List.of(
            "io.keyguard.configrule.event.ConfigEventReader",
            "io.keyguard.configrule.ConfigRuleRunner",
            "io.keyguard.rule.EndpointConfigRule",
            "io.keyguard.configrule.TimeBudget",
            "io.keyguard.kms.KmsKeyDirectory",
            "io.keyguard.rule.EndpointConfigDecision",
            "io.keyguard.configrule.EvaluationReporter",
            "io.keyguard.configrule.InvocationLog",
            "io.keyguard.sdk.sagemaker.transform.DescribeEndpointConfigRequestMarshaller",
            "io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse",
            "io.keyguard.sdk.kms.transform.DescribeKeyRequestMarshaller",
            "io.keyguard.sdk.kms.model.DescribeKeyResponse",
            "io.keyguard.sdk.config.transform.PutEvaluationsRequestMarshaller",
            "io.keyguard.sdk.config.model.PutEvaluationsResponse",
            "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultAwsV4HttpSigner");

    /** What the Config rule's path must never load: it serves the command line's scan and the remediation. */
    private static final List<String> NEVER_ON_THE_RULE_PATH = List.of(
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "org.yaml.snakeyaml.Yaml",
            "org.yaml.snakeyaml.LoaderOptions",
            "io.keyguard.iac.IacScanner",
            "io.keyguard.remediation.Remediator",
            "io.keyguard.handler.RemediationHandler",
            "org.joda.time.DateTime");

    @Test
    void primingMakesTheCallsOfAChangeOnCannedAnswersAndNoneOverTheNetwork() {
        try (FakeAws aws = new FakeAws()) {
            // Even with an endpoint configured the way a user would, nothing may reach it.
            System.setProperty("aws.endpointUrl", aws.endpoint().toString());
            try {
                assertEquals(List.of("SageMaker.DescribeEndpointConfig", "TrentService.DescribeKey",
                        "StarlingDoveService.PutEvaluations"), SnapStartPriming.prime());
            } finally {
                System.clearProperty("aws.endpointUrl");
            }
            assertTrue(aws.requests().isEmpty(), "priming reached the network: " + aws.targetsCalled());
        }
    }

    /**
     * The rule's path on canned answers, then one GetCallerIdentity (allowed to everyone) on a connection closed after
     * it, so the TLS handshake's code is warm in the snapshot and no socket outlives it. Here the fake stands in for
     * STS, as a user's AWS_ENDPOINT_URL would send it there.
     */
    @Test
    void beforeTheSnapshotPrimingRunsTheRulesPathThenOneCallThatNeedsNoPermissionAndLogsBoth() {
        try (FakeAws aws = new FakeAws(); LogCapture log = new LogCapture()) {
            withSystemProperties(aws.endpoint().toString(), () -> new SnapStartPriming().beforeCheckpoint(null));

            List<JsonNode> primed = log.lines("primed before the SnapStart snapshot");
            assertEquals(1, primed.size(), log.text());
            assertEquals("[\"SageMaker.DescribeEndpointConfig\",\"TrentService.DescribeKey\","
                    + "\"StarlingDoveService.PutEvaluations\"]", primed.get(0).path("cannedCalls").toString());
            assertTrue(primed.get(0).path("tlsWarmUp").asText().startsWith("sts:GetCallerIdentity in "),
                    primed.get(0).toString());
            assertEquals(List.of("STS.GetCallerIdentity"), aws.requests().stream()
                    .map(r -> "STS." + r.getBodyAsString().replaceAll(".*Action=(\\w+).*", "$1")).toList(),
                    "only the warm-up reached the network");
            assertEquals("close", aws.requests().get(0).getHeader("Connection"));
        }
    }

    @Test
    void aWarmUpThatCannotReachStsIsSkippedSayingWhyAndNeverFailsTheSnapshot() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String[] answer = new String[1];
        withSystemProperties("http://127.0.0.1:" + closedPort, () -> answer[0] = SnapStartPriming.warmTls());

        assertTrue(answer[0].startsWith("skipped: sts:GetCallerIdentity failed (SdkClientException"), answer[0]);
    }

    /** The warm-up finds its Region, credentials and endpoint as outside Lambda: the SDK's chains. */
    private static void withSystemProperties(String endpoint, Runnable action) {
        System.setProperty("aws.endpointUrl", endpoint);
        System.setProperty("aws.region", FakeAws.REGION);
        System.setProperty("aws.accessKeyId", FakeAws.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", FakeAws.SECRET_ACCESS_KEY);
        try {
            action.run();
        } finally {
            for (String name : List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
                System.clearProperty(name);
            }
        }
    }

    @Test
    void cannedClientAnswersOnlyThePrimedOperationsAndPutsInTestMode() {
        CannedAwsHttpClient canned = new CannedAwsHttpClient();
        RecordingHttpClient recorded = new RecordingHttpClient(canned);
        AwsClients clients = AwsClients.create(Region.US_EAST_1, AnonymousCredentialsProvider.create(), recorded,
                CallLimits.PRODUCTION);

        assertEquals("keyguard-priming", clients.sageMaker()
                .describeEndpointConfig(r -> r.endpointConfigName("keyguard-priming")).endpointConfigName());
        KeyMetadata key = clients.kms().describeKey(r -> r.keyId(CannedAwsHttpClient.KEY_ARN)).keyMetadata();
        assertEquals(CannedAwsHttpClient.KEY_ARN, key.arn());
        assertEquals(KeyManagerType.CUSTOMER, key.keyManager());
        assertEquals(KeyState.ENABLED, key.keyState());
        assertTrue(clients.config().putEvaluations(r -> r.resultToken("TESTMODE").testMode(true))
                .failedEvaluations().isEmpty());
        SdkException unprimed = assertThrows(SdkException.class,
                () -> clients.sageMaker().listEndpointConfigs(r -> { }));

        assertTrue(unprimed.getMessage().contains("not primed"), unprimed.getMessage());
        assertEquals(List.of(CannedAwsHttpClient.DESCRIBE, CannedAwsHttpClient.DESCRIBE_KEY, CannedAwsHttpClient.PUT,
                "SageMaker.ListEndpointConfigs"), canned.answered());
        assertTrue(recorded.bodies().get(2).contains("\"TestMode\":true"), recorded.bodies().get(2));
    }

    @Test
    void primingDecidesTheCannedConfigCompliantAsTheRuleWouldAndPutsItInTestMode() {
        RecordingHttpClient recorded = new RecordingHttpClient(new CannedAwsHttpClient());
        SnapStartPriming.prime(recorded);

        String put = recorded.bodies().get(2);
        assertTrue(put.contains("\"ComplianceType\":\"COMPLIANT\""), put);
        assertTrue(put.contains("\"ResultToken\":\"TESTMODE\"") && put.contains("\"TestMode\":true"), put);
        assertTrue(recorded.bodies().get(1).contains(CannedAwsHttpClient.KEY_ARN), recorded.bodies().get(1));
    }

    @Test
    void primingLoadsTheClassesOfTheWholePath() throws Exception {
        try (IsolatedLoader loader = new IsolatedLoader()) {
            for (String name : PRIMED_CLASSES) {
                assertNull(loader.loaded(name), name + " is loaded before priming");
            }
            Method prime = loader.loadClass(SnapStartPriming.class.getName()).getDeclaredMethod("prime");
            prime.setAccessible(true);
            prime.invoke(null);
            List<String> missing = new ArrayList<>();
            for (String name : PRIMED_CLASSES) {
                if (loader.loaded(name) == null) {
                    missing.add(name);
                }
            }
            assertEquals(List.of(), missing, "not loaded by priming");
            List<String> loaded = new ArrayList<>();
            for (String name : NEVER_ON_THE_RULE_PATH) {
                if (loader.loaded(name) != null) {
                    loaded.add(name);
                }
            }
            assertEquals(List.of(), loaded, "loaded on the Config rule's path");
        }
    }

    /** The test class path in a loader of its own, so that what priming loads can be seen from scratch. */
    private static final class IsolatedLoader extends URLClassLoader {

        IsolatedLoader() throws MalformedURLException {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        Class<?> loaded(String name) {
            return findLoadedClass(name);
        }

        private static URL[] classPath() throws MalformedURLException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(URL[]::new);
        }
    }
}
