package io.sightline.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Peak and current resident set from /proc/self/status, heap from the JVM. */
final class MemoryProbe {
    private MemoryProbe() {
    }

    static BenchResult.Memory measure() {
        List<String> status = MachineProbe.readLines(Path.of("/proc/self/status"));
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new BenchResult.Memory(
                mib(kibibytes(status, "VmHWM").orElse(-1) * 1024),
                mib(heap.getUsed()),
                mib(kibibytes(status, "VmRSS").orElse(-1) * 1024),
                mib(heap.getMax()));
    }

    /** The value in kB of a {@code Key:   123 kB} line of /proc/self/status. */
    static OptionalLong kibibytes(List<String> status, String key) {
        for (String line : status) {
            if (line.startsWith(key + ":")) {
                String value = line.substring(key.length() + 1).trim().split("\\s+")[0];
                try {
                    return OptionalLong.of(Long.parseLong(value));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static double mib(long bytes) {
        return bytes < 0 ? -1 : Rate.round(bytes / (1024.0 * 1024.0), 1);
    }
}
