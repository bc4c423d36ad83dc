package io.keyguard.testing;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** The project's pom.xml, read as the source of truth for what the build stamps into the jar and releases. */
public final class ProjectPom {

    private ProjectPom() {
    }

    /** The project's own {@code <version>} (not a parent's or a dependency's). */
    public static String version() {
        return value("/project/version");
    }

    /** The project's {@code <url>}: its home page and source repository. */
    public static String url() {
        return value("/project/url");
    }

    /** The name of the project's one {@code <license>}, an SPDX identifier. */
    public static String license() {
        return value("/project/licenses/license/name");
    }

    private static String value(String xpath) {
        String value;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
            value = XPathFactory.newInstance().newXPath().evaluate(xpath, pom).trim();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + xpath + " from pom.xml", e);
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("pom.xml has no " + xpath);
        }
        return value;
    }
}
