package io.keyguard.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process has used so far, read from outside without touching it: CPU time and peak resident set
 * from /proc, and for a JVM the number of classes loaded from its hsperfdata file (the counters jstat
 * reads), so counting classes costs the measured JVM nothing.
 *
 * @param cpuMillis   user + system CPU time of all its threads
 * @param peakRssKiB  VmHWM
 * @param classes     classes loaded (JVM only), else -1
 */
record ProcessSample(long cpuMillis, long peakRssKiB, long classes) {

    /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat, on every mainstream kernel. */
    private static final long TICKS_PER_SECOND = 100;
    private static final int PERFDATA_MAGIC = 0xcafec0c0;

    static ProcessSample of(long pid, boolean jvm) {
        return new ProcessSample(cpuMillis(pid), peakRssKiB(pid), jvm ? loadedClasses(pid) : -1);
    }

    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may hold spaces; the fields after it start past its ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long peakRssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * java.cls.loadedClasses + java.cls.sharedLoadedClasses from the JVM's performance-data file
     * (hsperfdata format 2: a prologue, then entries of name, type and value).
     */
    static long loadedClasses(long pid) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
                String.valueOf(pid));
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buffer.getInt(0) != PERFDATA_MAGIC) {
                return -1;
            }
            buffer.order(buffer.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            int entry = buffer.getInt(24);
            int entries = buffer.getInt(28);
            long total = 0;
            for (int i = 0; i < entries; i++) {
                int length = buffer.getInt(entry);
                String name = cString(buffer, entry + buffer.getInt(entry + 4));
                if (name.equals("java.cls.loadedClasses") || name.equals("java.cls.sharedLoadedClasses")) {
                    total += buffer.getLong(entry + buffer.getInt(entry + 16));
                }
                entry += length;
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String cString(ByteBuffer buffer, int offset) {
        int end = offset;
        while (buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - offset];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
