package io.keyguard.configrule;

import io.keyguard.keys.KeyResolution;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a Config rule knows and its doors do not: the resource type it judges, what it needs looked up about a
 * resource before deciding (keys and tags), and the decision itself, which is pure. Every door (the Config runner,
 * the template scan, the CloudFormation hook) judges through {@link #judge}, looking things up its own way.
 *
 * @param <R> the facts of one resource, as every source of them reduces to
 */
public interface ConfigRule<R> {

    /** The AWS Config resource type, such as AWS::SageMaker::EndpointConfig. */
    String resourceType();

    /** What people call one resource, in annotations ("endpoint config"). */
    String resourceNoun();

    /** What must be looked up before {@link #decide} can judge this resource. */
    Needs needs(R resource);

    /** The verdict, from the resource and what was looked up; knows no client, clock or payload. */
    Verdict decide(R resource, LookedUp lookedUp);

    /** The one way to a verdict: what the rule needs, looked up through {@code lookups}, then decided. */
    default Verdict judge(R resource, Lookups<R> lookups) {
        Needs needs = needs(resource);
        Map<String, KeyResolution> keys = new LinkedHashMap<>();
        for (String reference : needs.keys()) {
            keys.put(reference, lookups.key(reference, needs.keyRotation()));
        }
        Optional<Map<String, String>> tags = needs.tags() ? Optional.of(lookups.tags(resource)) : Optional.empty();
        return decide(resource, new LookedUp(keys, tags));
    }
}
