package io.keyguard.aws;

import io.keyguard.sdk.config.endpoints.ConfigEndpointProvider;
import io.keyguard.sdk.kms.endpoints.KmsEndpointProvider;
import io.keyguard.sdk.sagemaker.endpoints.SageMakerEndpointProvider;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.regions.Region;

/**
 * The SageMaker, Config and KMS endpoints for a region, as the services' endpoint rules give them.
 *
 * <p>Why: the builders of the generated clients (from the SDK's code generator 2.36.2, see docs/generated-clients.md) find the
 * client endpoint through {@code ServiceMetadata}, which instantiates the metadata of every AWS service (about 300
 * classes, the largest single cost of building a client on a cold start). Clients from newer generators, the
 * SDK's own STS client among them, resolve it from the service's endpoint rules instead; handing the builders the
 * endpoint from the same rules does the same for ours. The rules run with FIPS and dual-stack off, so this applies
 * only where nothing could change the endpoint: no endpoint URL, FIPS or dual-stack setting in the environment or
 * system properties, and no shared config or credentials file. Otherwise the builders resolve it as they always do.
 *
 * <p>The builders take it as an endpoint override, so each client's {@code endpointOverride()} shows it and the
 * SDK's user agent reports an overridden endpoint; requests are resolved, signed and sent exactly as without it
 * (the rules return a given endpoint unchanged when FIPS and dual-stack are off).
 */
record RuleEndpoints(URI sageMaker, URI config, URI kms) {

    /** The endpoints for {@code region}, or null when something else may decide them. */
    public static RuleEndpoints forRegion(Region region) {
        return forRegion(region, System.getenv(), System.getProperties(),
                ProfileFileLocation.configurationFileLocation().isPresent()
                        || ProfileFileLocation.credentialsFileLocation().isPresent());
    }

    static RuleEndpoints forRegion(Region region, Map<String, String> environment, Properties systemProperties,
                                   boolean sharedConfigFileExists) {
        if (sharedConfigFileExists || environment.keySet().stream().anyMatch(RuleEndpoints::changesEndpoints)
                || systemProperties.stringPropertyNames().stream().anyMatch(RuleEndpoints::changesEndpoints)) {
            return null;
        }
        return new RuleEndpoints(
                SageMakerEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(region).useFips(false).useDualStack(false)).join().url(),
                ConfigEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(region).useFips(false).useDualStack(false)).join().url(),
                KmsEndpointProvider.defaultProvider()
                        .resolveEndpoint(p -> p.region(region).useFips(false).useDualStack(false)).join().url());
    }

    /** The SDK's settings that choose another endpoint: AWS_ENDPOINT_URL[_SERVICE], FIPS and dual-stack. */
    private static boolean changesEndpoints(String name) {
        return name.startsWith("AWS_ENDPOINT_URL") || name.equals("AWS_USE_FIPS_ENDPOINT")
                || name.equals("AWS_USE_DUALSTACK_ENDPOINT") || name.startsWith("aws.endpointUrl")
                || name.equals("aws.useFipsEndpoint") || name.equals("aws.useDualstackEndpoint");
    }
}
