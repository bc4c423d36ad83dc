package io.keyguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A share of the CPU for the processes the benchmark measures, as Lambda gives a function CPU in proportion to its
 * memory (one vCPU at 1,769 MB, so about 0.58 at the template's 1024 MB). A cgroup with a CFS quota of that share
 * per 100 ms period: each measured process joins it before it execs, so the benchmark itself, the fake and the
 * stand-in keep the whole machine. Needs root and the cgroup cpu controller (v1 or v2).
 */
final class CpuLimit implements AutoCloseable {

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final long PERIOD_MICROS = 100_000;

    private final double cpus;
    private final Path group;
    private final String version;

    CpuLimit(double cpus, Path group, String version) {
        this.cpus = cpus;
        this.group = group;
        this.version = version;
    }

    /**
     * @param share a number of CPUs, such as 0.58
     * @throws IllegalArgumentException when share is not a number of CPUs this machine has
     * @throws IllegalStateException    naming what is missing when no cgroup can be made here
     */
    static CpuLimit of(String share) {
        double cpus;
        try {
            cpus = Double.parseDouble(share.strip());
        } catch (NumberFormatException e) {
            cpus = Double.NaN;
        }
        // The kernel refuses a CFS quota under 1 ms per period.
        if (!(cpus >= 0.01 && cpus <= Runtime.getRuntime().availableProcessors())) {
            throw new IllegalArgumentException("CPUS must be a number of CPUs from 0.01 to this machine's "
                    + Runtime.getRuntime().availableProcessors() + ", such as 0.58, not '" + share + "'");
        }
        String name = "keyguard-cold-start-" + ProcessHandle.current().pid();
        long quota = Math.round(cpus * PERIOD_MICROS);
        boolean v2 = Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"));
        Path group = v2 ? CGROUP_ROOT.resolve(name) : CGROUP_ROOT.resolve("cpu").resolve(name);
        try {
            Files.createDirectory(group);
        } catch (IOException e) {
            throw unavailable(e);
        }
        try {
            if (v2) {
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
                return new CpuLimit(cpus, group, "cgroup v2 cpu.max");
            }
            Files.writeString(group.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
            return new CpuLimit(cpus, group, "cgroup v1 cpu.cfs_quota_us");
        } catch (IOException e) {
            IllegalStateException failure = unavailable(e);
            try {
                Files.delete(group);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static IllegalStateException unavailable(IOException e) {
        return new IllegalStateException("CPUS needs root and a writable cgroup cpu controller under " + CGROUP_ROOT
                + " (on cgroup v2, with cpu in the root's cgroup.subtree_control): " + e, e);
    }

    /** The command, started through a shell that moves itself into the group and then execs it (same PID). */
    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > '" + group.resolve("cgroup.procs") + "' && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    String describe() {
        return String.format(Locale.ROOT, "each measured process limited to %.2f of a CPU (%s, %d µs per %d µs)",
                cpus, version, Math.round(cpus * PERIOD_MICROS), PERIOD_MICROS);
    }

    /** Removes the group; the measured processes have ended by then, so it is empty. */
    @Override
    public void close() {
        try {
            Files.delete(group);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + group + " (a measured process still in it?)", e);
        }
    }
}
