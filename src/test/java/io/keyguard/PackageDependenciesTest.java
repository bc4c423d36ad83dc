package io.keyguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.rule.EndpointConfigRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code form layers: each uses only the packages its row allows (docs/architecture.md has
 * the same table), so there is no cycle. The dependencies are read from the compiled classes by the JDK's own jdeps,
 * as anyone can print them:
 * {@code jdeps -verbose:package -filter:none -e 'io\.keyguard\..*' target/classes}.
 */
class PackageDependenciesTest {

    /**
     * The generated AWS clients (io.keyguard.sdk.*), which only the client factory, the adapters and the wiring that
     * hands clients to adapters may use.
     */
    private static final String SDK = "sdk";

    /** Package (after io.keyguard.) to the packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("log", Set.of()),
            Map.entry("product", Set.of()),
            Map.entry("keys", Set.of()),
            Map.entry("aws", Set.of(SDK)),
            Map.entry("configrule.event", Set.of("aws", "log")),
            Map.entry("configrule", Set.of("configrule.event", "aws", "keys", "log")),
            Map.entry("rule", Set.of("configrule", "configrule.event", "keys", "log")),
            Map.entry("remediation", Set.of("rule", "aws", "keys", "log")),
            Map.entry("kms", Set.of("keys", "aws", SDK)),
            Map.entry("awsconfig", Set.of("configrule", "aws", SDK)),
            Map.entry("sagemaker", Set.of("remediation", "rule", "configrule", "configrule.event", "aws", "keys", "log",
                    SDK)),
            Map.entry("iac", Set.of("rule", "configrule", "configrule.event", "keys", "log")),
            Map.entry("iac.report", Set.of("iac", "rule", "configrule", "product")),
            Map.entry("hook", Set.of("iac", "rule", "configrule", "configrule.event", "aws", "keys", "log")),
            Map.entry("app", Set.of("hook", "sagemaker", "kms", "awsconfig", "remediation", "rule", "configrule",
                    "configrule.event", "aws", "keys", "log", SDK)),
            Map.entry("handler", Set.of("app", "hook", "remediation", "configrule", "configrule.event", "aws",
                    "log")),
            Map.entry("cli", Set.of("app", "iac", "iac.report", "remediation", "rule", "configrule",
                    "configrule.event", "aws", "log", "product")));

    @Test
    void everyPackageUsesOnlyWhatItsLayerAllows() {
        Map<String, Set<String>> uses = dependencies();

        assertEquals(new TreeSet<>(ALLOWED.keySet()), new TreeSet<>(uses.keySet()),
                "every package of the main code has a row, and every row a package");
        List<String> forbidden = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream().filter(to -> !ALLOWED.get(from).contains(to))
                .forEach(to -> forbidden.add(from + " -> " + to)));
        assertEquals(List.of(), forbidden, "dependencies outside the layers; all of them: " + uses);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        Map<String, Set<String>> uses = dependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            findCycle(start, uses).ifPresent(cycles::add);
        }
        assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
    }

    /** A path from {@code start} back to itself, if there is one (depth-first). */
    private static java.util.Optional<List<String>> findCycle(String start, Map<String, Set<String>> uses) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.pop();
            for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return java.util.Optional.of(longer);
                }
                if (seen.add(next)) {
                    paths.push(longer);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** io.keyguard package to the other io.keyguard packages its classes use, from jdeps. */
    private static Map<String, Set<String>> dependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
                () -> new IllegalStateException("the JDK running the tests has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none", "-e",
                "io\\.keyguard\\..*", mainClasses().toString());
        assertEquals(0, exit, err.toString());
        Map<String, Set<String>> uses = new TreeMap<>();
        packagesWithClasses().forEach(name -> uses.put(name, new TreeSet<>()));
        for (String line : out.toString().lines().toList()) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3 || !parts[1].equals("->") || !parts[0].startsWith("io.keyguard.")) {
                continue;
            }
            String from = shortName(parts[0]);
            String to = shortName(parts[2]);
            if (from.equals(SDK)) {
                continue;
            }
            Set<String> targets = uses.computeIfAbsent(from, f -> new TreeSet<>());
            if (!to.equals(from)) {
                targets.add(to);
            }
        }
        return uses;
    }

    /** io.keyguard.configrule.event as configrule.event; every generated client package as {@value #SDK}. */
    private static String shortName(String javaPackage) {
        String name = javaPackage.substring("io.keyguard.".length());
        return name.equals(SDK) || name.startsWith(SDK + ".") ? SDK : name;
    }

    /** Every package of the main code, whether or not it uses another. */
    private static Set<String> packagesWithClasses() {
        Path root = mainClasses();
        Set<String> packages = new TreeSet<>();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root.resolve("io/keyguard"))) {
            files.filter(f -> f.toString().endsWith(".class")).map(f -> root.relativize(f.getParent()).toString()
                    .replace(java.io.File.separatorChar, '.')).map(PackageDependenciesTest::shortName)
                    .filter(name -> !name.equals(SDK)).forEach(packages::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return packages;
    }

    private static Path mainClasses() {
        try {
            return Path.of(EndpointConfigRule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
