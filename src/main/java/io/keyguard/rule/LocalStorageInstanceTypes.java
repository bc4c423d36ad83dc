package io.keyguard.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ML instance families whose hosts bring local NVMe instance storage. SageMaker encrypts those volumes with a
 * hardware module and fails CreateEndpointConfig when a KmsKeyId is given for them, so a missing key on these
 * types is not something a user can fix.
 *
 * <p>Source: the KmsKeyId description of CreateEndpointConfig in the Amazon SageMaker API Reference ("Certain
 * Nitro-based instances include local storage ... If you specify a value for KmsKeyId when using any
 * nitro-based instances with local storage, the call to CreateEndpointConfig fails"), the SageMaker Developer
 * Guide page "Host instance storage volumes" and its Host Instance Storage Volumes Table, and the NVMe families
 * the SageMaker docs name (ml.p4d, ml.g4dn, ml.g5). The rule parameter {@code localStorageInstanceTypes} adds
 * types or families that AWS adds later.
 */
public final class LocalStorageInstanceTypes {

    /** Families, as the part of an instance type before its size: ml.g5 for ml.g5.2xlarge. */
    public static final Set<String> BUILT_IN_FAMILIES = Set.of(
            "ml.c5d", "ml.m5d", "ml.r5d", "ml.g4dn", "ml.g5", "ml.p3dn", "ml.p4d", "ml.p4de");

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

    /** Names of the variants (with their types) that run on local-storage types, in variant order. */
    public static List<String> variantsOnLocalStorage(List<ProductionVariantFacts> variants, Set<String> extra) {
        List<String> names = new ArrayList<>();
        for (ProductionVariantFacts variant : variants) {
            if (!variant.serverless() && hasLocalStorage(variant.instanceType(), extra)) {
                names.add(variant.variantName() + " (" + variant.instanceType() + ")");
            }
        }
        return names;
    }

    static String familyOf(String instanceType) {
        int lastDot = instanceType.lastIndexOf('.');
        return lastDot > instanceType.indexOf('.') ? instanceType.substring(0, lastDot) : instanceType;
    }
}
