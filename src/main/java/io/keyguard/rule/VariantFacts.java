package io.keyguard.rule;

import java.util.List;
import java.util.Objects;

/**
 * What the decision needs to know about one variant of an endpoint config, production or shadow: a shadow variant
 * runs on instances too, and the config's keys protect its storage alike, so both are judged alike.
 *
 * @param name          the variant's name
 * @param instanceTypes the ML instance types it may run on: its InstanceType, or every type of its InstancePools;
 *                      empty for a serverless variant
 * @param serverless    true when the variant has a ServerlessConfig instead of instances
 * @param shadow        true for an entry of ShadowProductionVariants
 * @param coreDump      its CoreDumpConfig, or null when it writes no core dumps
 */
public record VariantFacts(String name, List<String> instanceTypes, boolean serverless, boolean shadow,
                           CoreDump coreDump) {

    /**
     * A CoreDumpConfig: core dumps go to S3, encrypted with this key.
     *
     * @param kmsKeyId CoreDumpConfig.KmsKeyId, or null when not set (S3's default key for the role's account is used)
     */
    public record CoreDump(String kmsKeyId) {
        public CoreDump {
            kmsKeyId = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId;
        }
    }

    public VariantFacts {
        Objects.requireNonNull(name, "name");
        instanceTypes = instanceTypes.stream().filter(Objects::nonNull).toList();
    }

    /** A production variant on one instance type (null for a serverless one) that writes no core dumps. */
    public VariantFacts(String name, String instanceType, boolean serverless) {
        this(name, instanceType == null ? List.of() : List.of(instanceType), serverless, false, null);
    }

    public VariantFacts asShadow() {
        return new VariantFacts(name, instanceTypes, serverless, true, coreDump);
    }

    public VariantFacts withCoreDump(CoreDump dump) {
        return new VariantFacts(name, instanceTypes, serverless, shadow, dump);
    }

    /** How annotations name it: {@code AllTraffic}, or {@code shadow variant Candidate}. */
    public String label() {
        return shadow ? "shadow variant " + name : name;
    }
}
