package io.keyguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import io.keyguard.remediation.RemediationStep.Status;
import io.keyguard.rule.VariantFacts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The remediation's decisions as a table: no AWS client, no HTTP. */
class RemediationPlannerTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/churn";
    private static final String COPY = "churn-cmk-12345678";

    @ParameterizedTest
    @CsvSource({
            "true,  Enabled,         ",
            "false, Enabled,         is an AWS-managed key",
            "true,  Disabled,        is Disabled, not Enabled",
            "true,  PendingDeletion, is PendingDeletion, not Enabled",
            "true,  PendingImport,   is PendingImport, not Enabled"})
    void theKeyMustBeCustomerManagedAndEnabled(boolean customerManaged, String state, String refusal) {
        KeyResolution key = new KeyResolution.Resolved(new KeyFacts(KEY, customerManaged, state, null,
                KeyFacts.Rotation.NOT_CHECKED));
        Optional<String> reason = RemediationPlanner.keyRefusal(KEY, key);
        assertEquals(refusal == null, reason.isEmpty(), reason.toString());
        reason.ifPresent(r -> assertTrue(r.contains(refusal), r));
    }

    @Test
    void aKeyKmsWillNotDescribeIsRefusedSayingWhy() {
        assertEquals(Optional.of("KMS denied kms:DescribeKey on alias/x: allow the remediation function's role"
                + " kms:DescribeKey on the key (key policy and IAM)."), RemediationPlanner.keyRefusal("alias/x",
                new KeyResolution.Unexaminable(KeyResolution.Unexaminable.Reason.ACCESS_DENIED, "denied")));
        assertTrue(RemediationPlanner.keyRefusal("alias/x", new KeyResolution.Unexaminable(
                KeyResolution.Unexaminable.Reason.NOT_FOUND, "gone")).orElseThrow().contains("was not found"));
    }

    @Test
    void localStorageVariantsAreRefusedServerlessOnesAreNot() {
        assertTrue(RemediationPlanner.configRefusal(config(variant("a", "ml.m5d.large")), KEY, tags(1))
                .orElseThrow().startsWith("Variant(s) a (ml.m5d.large) run on instance types with local NVMe"));
        assertEquals(Optional.empty(), RemediationPlanner.configRefusal(config(
                new VariantFacts("s", null, true)), KEY, tags(1)));
        assertEquals(Optional.empty(), RemediationPlanner.configRefusal(config(variant("a", "ml.m5.large")), KEY,
                tags(1)));
    }

    @Test
    void theKeyMustBeInTheConfigsRegion() {
        String frankfurt = KEY.replace("us-east-1", "eu-central-1");
        assertEquals(Optional.of(frankfurt + " is in eu-central-1 but the endpoint config is in us-east-1; SageMaker"
                + " needs a key in the endpoint's Region."), RemediationPlanner.configRefusal(
                config(variant("a", "ml.m5.large")), frankfurt, tags(1)));
    }

    @Test
    void theCopyMayNotExceedFiftyTags() {
        assertEquals(Optional.empty(), RemediationPlanner.configRefusal(config(variant("a", "ml.m5.large")), KEY,
                tags(50)));
        assertTrue(RemediationPlanner.configRefusal(config(variant("a", "ml.m5.large")), KEY, tags(51)).isPresent());
    }

    @Test
    void tagsAreCopiedWithoutAwsReservedKeysPlusTheLink() {
        assertEquals(Map.of("team", "churn", RemediationPlanner.LINK_TAG, ARN), RemediationPlanner.copyTags(
                Map.of("team", "churn", "aws:cloudformation:stack-name", "prod"), ARN));
    }

    @Test
    void theConfigAlreadyUsesTheKeyWhenItsReferenceResolvesToIt() {
        SourceConfig byAlias = new SourceConfig("churn", ARN, "alias/ml", List.of(), null);
        KeyResolution alias = new KeyResolution.Resolved(new KeyFacts(KEY, true, "Enabled", null,
                KeyFacts.Rotation.NOT_CHECKED));
        assertTrue(RemediationPlanner.alreadyUses(byAlias, alias, KEY));
        assertTrue(RemediationPlanner.alreadyUses(new SourceConfig("churn", ARN, KEY, List.of(), null), null, KEY));
        assertTrue(RemediationPlanner.alreadyUses(new SourceConfig("churn", ARN, "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
                List.of(), null), null, KEY));
        assertFalse(RemediationPlanner.alreadyUses(new SourceConfig("churn", ARN, "0b1c2d3e", List.of(), null), null,
                KEY));
        assertFalse(RemediationPlanner.alreadyUses(config(), null, KEY));
    }

    @Test
    void anExistingCopyMustCarryTheKeyAndTheLink() {
        Map<String, String> linked = Map.of(RemediationPlanner.LINK_TAG, ARN);
        assertEquals(Optional.empty(), RemediationPlanner.copyConflict(COPY, KEY, linked, KEY, "churn"));
        assertEquals(Optional.empty(), RemediationPlanner.copyConflict(COPY, KEY, linked, KEY, "Churn"));
        assertTrue(RemediationPlanner.copyConflict(COPY, KEY, Map.of(), KEY, "churn").isPresent());
        assertTrue(RemediationPlanner.copyConflict(COPY, "alias/other", linked, KEY, "churn").isPresent());
        assertTrue(RemediationPlanner.copyConflict(COPY, KEY, Map.of(RemediationPlanner.LINK_TAG,
                ARN + "-2"), KEY, "churn").isPresent());
    }

    @Test
    void inServiceEndpointsOnTheOriginalMoveOthersAreSettledWithAReason() {
        RemediationPlan plan = RemediationPlanner.plan("churn", COPY, false, List.of(
                endpoint("api", "InService", "churn", null),
                endpoint("batch", "Updating", "churn", "churn-next"),
                endpoint("moving", "Updating", "churn", COPY),
                endpoint("done", "InService", COPY, null),
                endpoint("failed", "Failed", "churn", null),
                endpoint("unrelated", "InService", "fraud", null),
                endpoint("CASE", "InService", "CHURN", null)));

        assertTrue(plan.createCopy());
        assertEquals(List.of("api", "CASE"), plan.toMove().stream().map(EndpointState::name).toList());
        assertEquals(List.of("batch SKIPPED", "moving IN_PROGRESS", "done ALREADY_DONE", "failed SKIPPED"),
                plan.settled().stream().map(s -> s.target() + " " + s.status()).toList());
        assertEquals("Endpoint is Updating to churn-next: another update is in progress; run again once it is"
                + " InService.", plan.settled().get(0).detail());
    }

    @Test
    void anEndpointBeingDeployedWithTheOriginalIsNotMovedAndBlocksDeletion() {
        List<EndpointState> endpoints = List.of(endpoint("new", "Creating", null, "churn"),
                endpoint("done", "InService", COPY, null));
        RemediationPlan plan = RemediationPlanner.plan("churn", COPY, true, endpoints);

        assertFalse(plan.createCopy());
        assertTrue(plan.toMove().isEmpty());
        assertEquals(Status.SKIPPED, plan.settled().get(0).status());
        assertEquals(List.of("new"), RemediationPlanner.deletionBlockers("churn", endpoints));
    }

    @Test
    void theOriginalMayBeDeletedOnlyWhenNoEndpointUsesIt() {
        assertEquals(List.of(), RemediationPlanner.deletionBlockers("churn", List.of(
                endpoint("done", "InService", COPY, null), endpoint("unrelated", "InService", "fraud", null))));
        assertEquals(List.of("api"), RemediationPlanner.deletionBlockers("churn", List.of(
                endpoint("api", "Updating", "churn", COPY))), "still on the original until the update ends");
    }

    private static SourceConfig config(VariantFacts... variants) {
        return new SourceConfig("churn", ARN, null, List.of(variants), null);
    }

    private static VariantFacts variant(String name, String type) {
        return new VariantFacts(name, type, false);
    }

    private static EndpointState endpoint(String name, String status, String config, String pending) {
        return new EndpointState(name, status, config, pending, null, false);
    }

    /** Copy tags: {@code count} in all, the link included. */
    private static Map<String, String> tags(int count) {
        Map<String, String> tags = new HashMap<>();
        for (int i = 1; i < count; i++) {
            tags.put("k" + i, "v");
        }
        tags.put(RemediationPlanner.LINK_TAG, ARN);
        return tags;
    }
}
