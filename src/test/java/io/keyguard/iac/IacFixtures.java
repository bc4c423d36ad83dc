package io.keyguard.iac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keyguard.rule.RuleParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fixture files under src/test/resources/iac and small helpers to find what a scan said about them. */
public final class IacFixtures {

    public static final Path ROOT = Path.of("src/test/resources/iac");

    private IacFixtures() {
    }

    public static Path fixture(String relative) {
        return ROOT.resolve(relative);
    }

    public static ScanResult scan(Map<String, String> parameters, String... relatives) {
        return new IacScanner(RuleParameters.parse(parameters))
                .scan(Arrays.stream(relatives).map(IacFixtures::fixture).toList());
    }

    /** The one finding on {@code resource}; fails when there is none or more than one. */
    public static Finding finding(ScanResult result, String file, String resource) {
        List<Finding> matches = result.findings().stream()
                .filter(f -> f.resource().equals(resource) && f.file().endsWith(file)).toList();
        assertEquals(1, matches.size(), () -> "one finding for " + resource + " in " + file + ": " + result);
        return matches.get(0);
    }

    /** The 1-based line of the first line of {@code file} that contains {@code text}: found independently of the code. */
    public static int lineContaining(String relative, String text) {
        try {
            List<String> lines = Files.readAllLines(fixture(relative));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(text + " is not in " + relative);
    }
}
