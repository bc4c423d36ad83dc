package io.keyguard.configrule;

import io.keyguard.keys.KeyDirectory;
import io.keyguard.keys.KeyFacts;
import io.keyguard.keys.KeyResolution;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Look-ups against live services for one invocation: each key reference is described once and each key's rotation
 * read once, however many resources share it (a new instance per invocation, so a key disabled since the last run
 * is seen), and no call starts once the time budget allows no more.
 *
 * @param <R> the facts of one resource
 */
public final class LiveLookups<R> implements Lookups<R> {

    private final KeyDirectory directory;
    private final Function<R, Map<String, String>> tags;
    private final TimeBudget budget;
    private final Map<String, KeyResolution> described = new ConcurrentHashMap<>();
    private final Map<String, KeyDirectory.RotationAnswer> rotations = new ConcurrentHashMap<>();

    /** @param tags reads a resource's tags from its service (or from the resource itself, where it carries them) */
    public LiveLookups(KeyDirectory directory, Function<R, Map<String, String>> tags, TimeBudget budget) {
        this.directory = directory;
        this.tags = tags;
        this.budget = budget;
    }

    @Override
    public KeyResolution key(String reference, boolean withRotation) {
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

    @Override
    public Map<String, String> tags(R resource) {
        budget.beforeCall();
        return tags.apply(resource);
    }
}
