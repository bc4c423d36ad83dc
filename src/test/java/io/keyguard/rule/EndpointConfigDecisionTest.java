package io.keyguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per situation: the facts, the parameters, and the verdict an auditor should see. */
class EndpointConfigDecisionTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/99999999-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String ALIAS_ARN = "arn:aws:kms:us-east-1:123456789012:alias/ml-storage";
    private static final ProductionVariantFacts M5 = new ProductionVariantFacts("AllTraffic", "ml.m5.large", false);

    private static final String NO_KEY = "No KmsKeyId: storage volumes use an AWS-owned key you cannot control."
            + " Create a copy of this endpoint config with KmsKeyId set to a customer-managed KMS key"
            + " and move its endpoints to the copy.";

    static Stream<Arguments> rows() {
        return Stream.of(
                row("no key, no parameters", config(null), none(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("blank key counts as none", config("   "), none(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("no key, with an allow list", config(null), allow(KEY),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("key ARN, no allow list", config(KEY), none(),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " encrypts the storage volumes."),
                row("key id, no allow list", config("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b"), none(),
                        Compliance.COMPLIANT,
                        "KmsKeyId 1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b encrypts the storage volumes."),
                row("alias name, no allow list", config("alias/ml-storage"), none(),
                        Compliance.COMPLIANT, "KmsKeyId alias/ml-storage encrypts the storage volumes."),
                row("key ARN in the allow list", config(KEY), allow(OTHER_KEY, KEY),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is one of the keys allowed by kmsKeyArns."),
                row("alias ARN in the allow list", config(ALIAS_ARN), allow(ALIAS_ARN),
                        Compliance.COMPLIANT, "KmsKeyId " + ALIAS_ARN + " is one of the keys allowed by kmsKeyArns."),
                row("key ARN not in the allow list", config(KEY), allow(OTHER_KEY),
                        Compliance.NON_COMPLIANT, notListed(KEY)),
                row("key id is compared as written", config("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b"), allow(KEY),
                        Compliance.NON_COMPLIANT, notListed("1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b")),
                row("surrounding spaces are ignored", config("  " + KEY + " "), allow(KEY),
                        Compliance.COMPLIANT, "KmsKeyId " + KEY + " is one of the keys allowed by kmsKeyArns."),
                row("data capture and async keys do not replace the top-level key",
                        new EndpointConfigFacts("c", null, List.of(M5), true, KEY, KEY, Map.of()), none(),
                        Compliance.NON_COMPLIANT, NO_KEY),
                row("serverless variant without a key", EndpointConfigFacts.of("c", null,
                        new ProductionVariantFacts("AllTraffic", null, true)), none(),
                        Compliance.NON_COMPLIANT, NO_KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String situation, EndpointConfigFacts facts, RuleParameters parameters,
                 Compliance expected, String annotation) {
        Verdict verdict = EndpointConfigDecision.decide(facts, parameters);

        assertEquals(expected, verdict.compliance());
        assertEquals(annotation, verdict.annotation());
    }

    private static Arguments row(String situation, EndpointConfigFacts facts, RuleParameters parameters,
                                 Compliance expected, String annotation) {
        return Arguments.of(situation, facts, parameters, expected, annotation);
    }

    private static EndpointConfigFacts config(String kmsKeyId) {
        return EndpointConfigFacts.of("my-config", kmsKeyId, M5);
    }

    private static RuleParameters none() {
        return RuleParameters.defaults();
    }

    private static RuleParameters allow(String... arns) {
        return new RuleParameters(Set.of(arns));
    }

    private static String notListed(String key) {
        return "KmsKeyId " + key + " is not listed in kmsKeyArns. Use a listed key"
                + " (create a copy of this config with it and move its endpoints) or add this key to kmsKeyArns.";
    }
}
