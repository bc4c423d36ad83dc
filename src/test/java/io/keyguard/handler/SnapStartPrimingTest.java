package io.keyguard.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.aws.AwsClients;
import io.keyguard.testing.FakeAws;
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

/** SnapStart priming runs the rule's path on canned answers: it calls nothing and leaves the classes loaded. */
class SnapStartPrimingTest {

    /** Classes of every step: reading the event, deciding, the SDK's marshalling, signing and unmarshalling. */
    private static final List<String> PRIMED_CLASSES = List.of(
            "io.keyguard.config.ConfigEventParser",
            "io.keyguard.rule.EndpointConfigDecision",
            "io.keyguard.config.EvaluationReporter",
            "software.amazon.awssdk.services.sagemaker.transform.DescribeEndpointConfigRequestMarshaller",
            "software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse",
            "software.amazon.awssdk.services.config.transform.PutEvaluationsRequestMarshaller",
            "software.amazon.awssdk.services.config.model.PutEvaluationsResponse",
            "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultAwsV4HttpSigner");

    @Test
    void primingMakesTheTwoCallsOfAChangeOnCannedAnswersAndNoneOverTheNetwork() {
        try (FakeAws aws = new FakeAws()) {
            // Even with an endpoint configured the way a user would, nothing may reach it.
            System.setProperty("aws.endpointUrl", aws.endpoint().toString());
            try {
                assertEquals(List.of(CannedAwsHttpClient.DESCRIBE, CannedAwsHttpClient.PUT), SnapStartPriming.prime());
            } finally {
                System.clearProperty("aws.endpointUrl");
            }
            assertTrue(aws.requests().isEmpty(), "priming reached the network: " + aws.targetsCalled());
        }
    }

    @Test
    void cannedClientAnswersOnlyTheTwoPrimedOperationsAndPutsInTestMode() {
        CannedAwsHttpClient canned = new CannedAwsHttpClient();
        AwsClients clients = AwsClients.create(Region.US_EAST_1, AnonymousCredentialsProvider.create(), canned);

        assertEquals("keyguard-priming", clients.sageMaker()
                .describeEndpointConfig(r -> r.endpointConfigName("keyguard-priming")).endpointConfigName());
        assertTrue(clients.config().putEvaluations(r -> r.resultToken("TESTMODE").testMode(true))
                .failedEvaluations().isEmpty());
        SdkException unprimed = assertThrows(SdkException.class,
                () -> clients.sageMaker().listEndpointConfigs(r -> { }));

        assertTrue(unprimed.getMessage().contains("not primed"), unprimed.getMessage());
        assertEquals(List.of(CannedAwsHttpClient.DESCRIBE, CannedAwsHttpClient.PUT, "SageMaker.ListEndpointConfigs"),
                canned.answered());
        assertTrue(canned.bodies().get(1).contains("\"TestMode\":true"), canned.bodies().get(1));
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
