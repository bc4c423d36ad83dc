package io.keyguard.testing;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** The project's pom.xml, read as the source of truth for what the build stamps into the jar. */
public final class ProjectPom {

    private ProjectPom() {
    }

    /** The project's own {@code <version>} (not a parent's or a dependency's). */
    public static String version() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = factory.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
            String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom).trim();
            if (version.isEmpty()) {
                throw new IllegalStateException("pom.xml has no /project/version");
            }
            return version;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the version from pom.xml", e);
        }
    }
}
