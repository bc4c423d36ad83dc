package io.keyguard.configrule;

import io.keyguard.keys.KeyResolution;
import java.util.Map;
import java.util.Optional;

/**
 * What was learned for a rule's {@link Needs}.
 *
 * @param keys what is known of each key reference asked for; one left out was not checked
 * @param tags the resource's tags, when they were asked for
 */
public record LookedUp(Map<String, KeyResolution> keys, Optional<Map<String, String>> tags) {

    public LookedUp {
        keys = Map.copyOf(keys);
        tags = tags.map(Map::copyOf);
    }
}
