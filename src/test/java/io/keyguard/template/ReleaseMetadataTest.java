package io.keyguard.template;

import static io.keyguard.testing.CloudFormationYaml.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.testing.CloudFormationYaml;
import io.keyguard.testing.ProjectPom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's {@code AWS::ServerlessRepo::Application} metadata is what {@code sam publish} accepts (the
 * constraints of the SAM template's Metadata section) and carries the release's one version, pom.xml's, for which
 * CHANGELOG.md has a section.
 */
class ReleaseMetadataTest {

    private static final Map<String, Object> APPLICATION = map(map(CloudFormationYaml.load(Path.of("template.yaml"))
            .get("Metadata")).get("AWS::ServerlessRepo::Application"));

    @Test
    void semanticVersionIsThePomVersion() {
        assertEquals(ProjectPom.version(), text("SemanticVersion"),
                "template.yaml's SemanticVersion must be pom.xml's <version>");
    }

    @Test
    void theChangelogHasASectionForThePomVersion() throws IOException {
        String changelog = Files.readString(Path.of("CHANGELOG.md"));
        String release = "^## \\[" + Pattern.quote(ProjectPom.version()) + "\\] - \\d{4}-\\d{2}-\\d{2}$";
        assertTrue(Pattern.compile(release, Pattern.MULTILINE).matcher(changelog).find(),
                "CHANGELOG.md needs a heading '## [" + ProjectPom.version() + "] - YYYY-MM-DD'");
        assertTrue(changelog.contains("\n## [Unreleased]\n"), "CHANGELOG.md keeps an Unreleased section");
    }

    @Test
    void requiredPropertiesFitTheRepositorysConstraints() {
        assertMatches("[a-zA-Z0-9-]{1,140}", text("Name"));
        assertTrue(text("Description").length() <= 256, "Description is at most 256 characters");
        assertMatches("[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?", text("Author"));
        assertTrue(text("Author").length() <= 127, "Author is at most 127 characters");
    }

    @Test
    void labelsFitTheRepositorysConstraints() {
        List<?> labels = (List<?>) APPLICATION.get("Labels");
        assertTrue(labels.size() <= 10, "at most 10 labels");
        for (Object label : labels) {
            assertMatches("[a-zA-Z0-9+\\-_:/@]{1,127}", (String) label);
        }
    }

    @Test
    void licenseAndReadmeAreTheRepositorysFiles() throws IOException {
        assertEquals(ProjectPom.license(), text("SpdxLicenseId"));
        assertEquals("Apache-2.0", text("SpdxLicenseId"));
        assertTrue(Files.readString(Path.of(text("LicenseUrl"))).contains("Apache License\n"
                + "                           Version 2.0, January 2004"), "LicenseUrl is the Apache License 2.0");
        assertTrue(Files.isRegularFile(Path.of(text("ReadmeUrl"))), "ReadmeUrl names a file sam package uploads");
    }

    @Test
    void homePageAndSourceAreThePomUrl() {
        assertEquals(ProjectPom.url(), text("HomePageUrl"));
        assertEquals(ProjectPom.url(), text("SourceCodeUrl"));
    }

    /** A property as a literal string: the repository reads no intrinsic functions and no numbers for these. */
    private static String text(String property) {
        return assertInstanceOf(String.class, APPLICATION.get(property), property + " is a literal string");
    }

    private static void assertMatches(String pattern, String value) {
        assertTrue(value.matches(pattern), value + " does not match " + pattern);
    }
}
