package io.keyguard.iac;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document as the scanners read it: mappings, sequences and scalars, each with the line it starts
 * on (1-based), so every finding can point at its source. CloudFormation short-form tags arrive here in their
 * long form ({@code !Ref X} becomes the mapping {@code {Ref: X}}), so YAML and JSON templates are read alike.
 */
sealed interface IacNode {

    int line();

    /** @param text the scalar as written (numbers and booleans too); null for a YAML or JSON null */
    record Scalar(String text, int line) implements IacNode {
    }

    record Sequence(List<IacNode> items, int line) implements IacNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** @param keyLines the line of each key, where a resource's logical id or a plan's object starts */
    record Mapping(Map<String, IacNode> entries, Map<String, Integer> keyLines, int line) implements IacNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = Map.copyOf(keyLines);
        }

        public IacNode get(String key) {
            return entries.get(key);
        }

        public int keyLine(String key) {
            return keyLines.getOrDefault(key, line);
        }

        /** The one key of a mapping such as {Ref: X} or {Fn::If: [...]}, else null. */
        public String soleKey() {
            return entries.size() == 1 ? entries.keySet().iterator().next() : null;
        }
    }
}
