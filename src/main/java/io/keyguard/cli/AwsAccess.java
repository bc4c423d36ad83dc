package io.keyguard.cli;

import io.keyguard.aws.AwsClients;
import io.keyguard.cli.AwsNotConfiguredException.Missing;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Where {@code run} and {@code remediate} find the account they work in: a region and credentials, from the SDK's
 * default chains (environment, system properties, profile, SSO, container and instance roles) or, in tests, from
 * providers the test builds. AWS_ENDPOINT_URL is honoured by the clients themselves.
 */
record AwsAccess(AwsRegionProvider regions, AwsCredentialsProvider credentials) {

    static AwsAccess defaultChains() {
        return new AwsAccess(DefaultAwsRegionProviderChain.builder().build(),
                DefaultCredentialsProvider.builder().build());
    }

    /**
     * Clients for the account, after resolving the region and the credentials once, before any call, so that a missing
     * one fails as one line saying which rather than as the first call's failure.
     *
     * @throws AwsNotConfiguredException naming what is missing and how to set it
     */
    AwsClients clients() {
        Region region = null;
        SdkClientException noRegion = null;
        try {
            region = regions.getRegion();
        } catch (SdkClientException e) {
            noRegion = e;
        }
        SdkClientException noCredentials = null;
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            noCredentials = e;
        }
        if (region != null && noCredentials == null) {
            return AwsClients.create(region, credentials);
        }
        if (region != null) {
            throw new AwsNotConfiguredException(Missing.CREDENTIALS, noCredentials);
        }
        if (noCredentials == null) {
            throw new AwsNotConfiguredException(Missing.REGION, noRegion);
        }
        AwsNotConfiguredException both = new AwsNotConfiguredException(Missing.REGION_AND_CREDENTIALS, noRegion);
        both.addSuppressed(noCredentials);
        throw both;
    }
}
