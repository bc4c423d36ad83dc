package io.keyguard.evaluation;

import io.keyguard.rule.KeyFacts;
import io.keyguard.rule.KeyResolution;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One invocation's view of KMS: each key reference is described once and each key's rotation read once, however
 * many configs share it. A new cache per invocation, so a key disabled since the last run is seen.
 */
final class KeyCache {

    private final KeyDirectory directory;
    private final boolean withRotation;
    private final TimeBudget budget;
    private final Map<String, KeyResolution> described = new ConcurrentHashMap<>();
    private final Map<String, KeyDirectory.RotationAnswer> rotations = new ConcurrentHashMap<>();

    KeyCache(KeyDirectory directory, boolean withRotation, TimeBudget budget) {
        this.directory = directory;
        this.withRotation = withRotation;
        this.budget = budget;
    }

    KeyResolution resolve(String reference) {
        KeyResolution resolution = described.computeIfAbsent(reference, r -> {
            budget.beforeCall();
            return directory.describe(r);
        });
        if (!withRotation || !(resolution instanceof KeyResolution.Resolved resolved)) {
            return resolution;
        }
        KeyFacts facts = resolved.facts();
        if (!facts.customerManaged()) {
            // KMS rotates AWS-managed keys every year, and reports them so.
            return new KeyResolution.Resolved(facts.withRotation(KeyFacts.Rotation.ENABLED));
        }
        KeyDirectory.RotationAnswer answer = rotations.computeIfAbsent(facts.keyArn(), arn -> {
            budget.beforeCall();
            return directory.rotation(arn);
        });
        if (answer.refusal() != null) {
            return answer.refusal();
        }
        return new KeyResolution.Resolved(facts.withRotation(answer.status()));
    }
}
