package io.keyguard.configrule;

import io.keyguard.keys.KeyResolution;
import java.util.Map;

/**
 * Where a door gets what a rule needs: live from KMS and the resource's service ({@link LiveLookups}), or offline,
 * from what a template says.
 *
 * @param <R> the facts of one resource
 */
public interface Lookups<R> {

    /** What is known of a key reference; with rotation when {@code withRotation}. */
    KeyResolution key(String reference, boolean withRotation);

    /** The resource's tags. */
    Map<String, String> tags(R resource);
}
