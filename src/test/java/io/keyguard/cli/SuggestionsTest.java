package io.keyguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edit distance behind "did you mean", and when a name is close enough to suggest. */
class SuggestionsTest {

    private static final List<String> COMMANDS = List.of("run", "scan", "remediate", "help", "version");

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({"kitten, sitting, 3", "scan, scan, 0", "scna, scan, 2", "'', scan, 4", "remediat, remediate, 1",
                "--fromat, --format, 2", "run, remediate, 8"})
    void distanceCountsInsertionsDeletionsAndSubstitutions(String a, String b, int edits) {
        assertEquals(edits, Suggestions.distance(a, b));
        assertEquals(edits, Suggestions.distance(b, a), "the same both ways");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"scna, scan", "SCAN, scan", "rn, run", "remediat, remediate", "verson, version", "hlep, help",
                "remidiate, remediate", "deploy, ''", "x, ''", "configure, ''"})
    void aNameIsSuggestedOnlyWhenItIsASlipAway(String typed, String suggested) {
        assertEquals(suggested.isEmpty() ? Optional.empty() : Optional.of(suggested),
                Suggestions.closest(typed, COMMANDS));
    }

    @Test
    void whatWasTypedIsQuotedOnOneLine() {
        assertEquals("unknown option '--a\\u000ab'. Run 'keyguard run --help'.",
                Suggestions.unknown("option", "--a\nb", List.of("--help", "--debug"), "keyguard run --help"));
    }
}
