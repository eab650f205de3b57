package io.sightline.cli.bench;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

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

    /** The resident set now (VmRSS), in MiB; -1 where /proc/self/status is missing. */
    static double rssMib() {
        return mib(kibibytes(MachineProbe.readLines(Path.of("/proc/self/status")), "VmRSS").orElse(-1) * 1024);
    }

    /** Heap the JVM has committed (taken from the system) now, in MiB: the heap's share of the RSS, at most. */
    static double heapCommittedMib() {
        return mib(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
    }

    /** The largest heap the JVM may commit (-Xmx), in MiB. */
    static double heapMaxMib() {
        return mib(Runtime.getRuntime().maxMemory());
    }

    /** The peak resident set so far (VmHWM), in MiB; -1 where /proc/self/status is missing. */
    static double peakRssMib() {
        return mib(kibibytes(MachineProbe.readLines(Path.of("/proc/self/status")), "VmHWM").orElse(-1) * 1024);
    }

    /**
     * Heap in use right after the most recent garbage collection, in MiB, without forcing one (a forced
     * collection would pause the load being measured): what survived, so a leak shows as a rising floor.
     * The heap in use now where the JVM does not say.
     */
    static double heapAfterLastGcMib() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        GcInfo latest = null;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof com.sun.management.GarbageCollectorMXBean collector) {
                GcInfo info = collector.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return mib(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return mib(latest.getMemoryUsageAfterGc().entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum());
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
