package io.keyguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's CPU limit without a cgroup: a folder stands in for the group, so what the wrapper writes to its
 * cgroup.procs can be read back.
 */
class CpuLimitTest {

    @Test
    void theWrappedCommandJoinsTheGroupAndKeepsItsPidAndArguments(@TempDir Path group) throws Exception {
        CpuLimit limit = new CpuLimit(0.5, group, "test");
        Process process = new ProcessBuilder(limit.wrap(List.of("/bin/sh", "-c", "printf '%s|' \"$@\"; echo $$",
                "sh", "two words", "it's \"quoted\"", "$HOME")))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor());

        assertEquals("two words|it's \"quoted\"|$HOME|" + process.pid(), output,
                "arguments reach the command untouched, and exec keeps the PID the benchmark samples");
        assertEquals(String.valueOf(process.pid()), Files.readString(group.resolve("cgroup.procs")).strip(),
                "the process joined the group before it ran the command");
    }

    @Test
    void aShareThatIsNotANumberOfCpusIsRefusedNamingTheVariable() {
        for (String share : List.of("abc", "0", "0.005", "-1", "1000", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuLimit.of(share));
            assertTrue(e.getMessage().startsWith("CPUS must be a number of CPUs from 0.01 to this machine's "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("not '" + share + "'"), e.getMessage());
        }
    }

    @Test
    void closeRemovesTheGroup(@TempDir Path parent) throws IOException {
        Path group = Files.createDirectory(parent.resolve("group"));

        new CpuLimit(1, group, "test").close();

        assertTrue(Files.notExists(group));
    }
}
