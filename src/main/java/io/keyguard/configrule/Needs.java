package io.keyguard.configrule;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a rule must have looked up about one resource before it decides.
 *
 * @param keys        the KMS key references to describe (key ids, key ARNs, alias names or alias ARNs), in order
 * @param keyRotation whether each key's automatic rotation must be read too
 * @param tags        whether the resource's tags must be read
 */
public record Needs(Set<String> keys, boolean keyRotation, boolean tags) {

    /** Keeps the keys' order: they are looked up in it, so the calls come in the same order every time. */
    public Needs {
        keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }
}
