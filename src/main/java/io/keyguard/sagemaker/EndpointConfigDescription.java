package io.keyguard.sagemaker;

import io.keyguard.remediation.EndpointConfigStore;
import io.keyguard.remediation.SourceConfig;
import io.keyguard.sdk.sagemaker.model.DescribeEndpointConfigResponse;

/**
 * An endpoint config as DescribeEndpointConfig returned it: the facts the remediation decides on, and the full
 * description the encrypted copy is made from (so no field is lost on the way).
 */
record EndpointConfigDescription(SourceConfig facts, DescribeEndpointConfigResponse response)
        implements EndpointConfigStore.StoredConfig {
}
