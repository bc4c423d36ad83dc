package io.keyguard.iac;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an evaluation of a resource once for every combination of the Fn::If conditions it actually meets, so each
 * branch is judged. Only conditions that are reached count: a nested Fn::If is explored only under the outer
 * branch that contains it.
 */
final class ConditionBranches {

    /** More combinations than this means a template nobody could review; it is reported rather than half-checked. */
    static final int MAX_COMBINATIONS = 256;

    /** Answers which branch of a condition the current run takes. */
    interface Choices {
        boolean choose(String condition);
    }

    /** @param conditions the conditions met in this run and the value each took, in the order met */
    record Outcome<T>(Map<String, Boolean> conditions, T value) {
    }

    private ConditionBranches() {
    }

    static <T> List<Outcome<T>> explore(Function<Choices, T> evaluation, Path file, int line, String resource) {
        List<Outcome<T>> outcomes = new ArrayList<>();
        Deque<Map<String, Boolean>> pending = new ArrayDeque<>();
        pending.add(new LinkedHashMap<>());
        while (!pending.isEmpty()) {
            Map<String, Boolean> fixed = pending.poll();
            Map<String, Boolean> met = new LinkedHashMap<>();
            List<String> firstTaken = new ArrayList<>();
            T value = evaluation.apply(condition -> met.computeIfAbsent(condition, c -> {
                if (fixed.containsKey(c)) {
                    return fixed.get(c);
                }
                firstTaken.add(c);
                return true;
            }));
            outcomes.add(new Outcome<>(met, value));
            if (outcomes.size() > MAX_COMBINATIONS) {
                throw new UnreadableFileException(file, line, resource + " depends on more than " + MAX_COMBINATIONS
                        + " combinations of Fn::If conditions; split it so each can be checked");
            }
            // Each condition met for the first time was taken as true: schedule the same run with it false.
            Map<String, Boolean> prefix = new LinkedHashMap<>(fixed);
            for (String condition : firstTaken) {
                Map<String, Boolean> otherBranch = new LinkedHashMap<>(prefix);
                otherBranch.put(condition, false);
                pending.add(otherBranch);
                prefix.put(condition, true);
            }
        }
        return outcomes;
    }
}
