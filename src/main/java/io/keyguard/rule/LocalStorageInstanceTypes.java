package io.keyguard.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ML instance families whose hosts bring local NVMe instance storage. SageMaker attaches no EBS volume to them and
 * encrypts their local storage with a hardware module on the instance; the config's KmsKeyId does not encrypt it
 * (CreateEndpointConfig, KmsKeyId, in the SageMaker API Reference). So a missing key on these types is not something
 * a user can fix or needs to.
 *
 * <p>What each family rests on (AWS's hosting storage documentation, the EC2 naming convention, AWS's SageMaker
 * Python SDK), and the families the documentation is silent on, are listed in docs/instance-storage.md. The rule
 * parameter {@code localStorageInstanceTypes} adds types or families that AWS documents later.
 */
public final class LocalStorageInstanceTypes {

    /** Families, as the part of an instance type before its size: ml.g5 for ml.g5.2xlarge. */
    public static final Set<String> BUILT_IN_FAMILIES = Set.of(
            "ml.c5d", "ml.m5d", "ml.r5d", "ml.c6gd", "ml.m6gd", "ml.r6gd", "ml.r7gd",
            "ml.g4dn", "ml.p4d", "ml.p4de",
            "ml.g5", "ml.g6", "ml.g6e", "ml.p5", "ml.p5e", "ml.p5en", "ml.trn1", "ml.trn1n");

    private LocalStorageInstanceTypes() {
    }

    /** Whether {@code instanceType} has local storage, by the built-in list or the extra types or families. */
    public static boolean hasLocalStorage(String instanceType, Set<String> extraTypesOrFamilies) {
        if (instanceType == null) {
            return false;
        }
        String type = instanceType.toLowerCase(Locale.ROOT);
        String family = familyOf(type);
        return BUILT_IN_FAMILIES.contains(family) || extraTypesOrFamilies.contains(family)
                || extraTypesOrFamilies.contains(type);
    }

    /**
     * The variants, production and shadow, that may run on a local-storage type, each with those of its types, in
     * variant order: "AllTraffic (ml.g5.xlarge)", "shadow variant Candidate (ml.p4d.24xlarge)".
     */
    public static List<String> variantsOnLocalStorage(List<VariantFacts> variants, Set<String> extra) {
        List<String> names = new ArrayList<>();
        for (VariantFacts variant : variants) {
            if (variant.serverless()) {
                continue;
            }
            List<String> local = variant.instanceTypes().stream().filter(t -> hasLocalStorage(t, extra)).toList();
            if (!local.isEmpty()) {
                names.add(variant.label() + " (" + String.join(", ", local) + ")");
            }
        }
        return names;
    }

    static String familyOf(String instanceType) {
        int lastDot = instanceType.lastIndexOf('.');
        return lastDot > instanceType.indexOf('.') ? instanceType.substring(0, lastDot) : instanceType;
    }
}
