package io.keyguard.cli;

import io.keyguard.log.BoundedText;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Names what was typed that is not a command or an option, with the valid name closest to it when one is close
 * enough to be what was meant: "unknown command 'scna'; did you mean 'scan'? Run 'keyguard --help'." Every
 * command's parser calls {@link #unknown} with its own valid names.
 */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * @param kind  what was expected: "command", "option"
     * @param given what was typed (quoted back bounded, control characters shown)
     * @param valid the names that would have been accepted
     * @param help  the command line whose help lists them, e.g. "keyguard scan --help"
     */
    static String unknown(String kind, String given, Collection<String> valid, String help) {
        String suggestion = closest(given, valid).map(name -> "; did you mean '" + name + "'?").orElse(".");
        return "unknown " + kind + " '" + BoundedText.abbreviate(given) + "'" + suggestion + " Run '" + help + "'.";
    }

    /**
     * The valid name nearest to {@code given} in edits (Levenshtein distance, ignoring case), when it is at most
     * two edits away or a third of its length, whichever allows more: near enough to be a slip, not a guess.
     * Ties go to the name listed first.
     */
    static Optional<String> closest(String given, Collection<String> valid) {
        String typed = given.toLowerCase(Locale.ROOT);
        return valid.stream()
                .min(Comparator.comparingInt(name -> distance(typed, name.toLowerCase(Locale.ROOT))))
                .filter(name -> distance(typed, name.toLowerCase(Locale.ROOT)) <= Math.max(2, name.length() / 3));
    }

    /** Insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        return LevenshteinDistance.getDefaultInstance().apply(a, b);
    }
}
