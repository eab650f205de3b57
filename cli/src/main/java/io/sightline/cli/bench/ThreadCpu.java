package io.sightline.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the bench process's threads by what they do, between two moments: which part of the pipeline
 * around the model costs what, per picture. Java threads are read exactly (their CPU clocks, by name); the
 * JIT compilers and the garbage collector from {@code /proc/self/task} (Linux); ONNX Runtime's own threads are
 * native, invisible to the JVM, and counted as the rest of the process's CPU time with the runner threads
 * that call into it.
 */
final class ThreadCpu {
    /** What a thread does, as its name says. */
    enum Group {
        MODEL("model", "ONNX Runtime: the runner threads and its native threads"),
        DECODE("decode", "fetch from S3 or base64, decode, preprocess (inference-decode)"),
        REQUEST_LOOP("requestLoop", "the service's Kafka consumer loop and its clients' network threads"),
        OBJECT_STORE("objectStore", "S3Proxy (Jetty) and the MinIO client (OkHttp)"),
        BROKER_AND_OTHERS("brokerAndOthers", "the embedded Kafka broker and the other services' threads"),
        BENCH_CLIENT("benchClient", "the bench's own requests and result reader"),
        JIT("jit", "the JIT compilers"),
        GC("gcAndVm", "garbage collection and VM threads");

        private final String key;
        private final String meaning;

        Group(String key, String meaning) {
            this.key = key;
            this.meaning = meaning;
        }

        String key() {
            return key;
        }

        String meaning() {
            return meaning;
        }

        /** The work around the model that a picture costs in the service and its Kafka and S3. */
        boolean aroundTheModel() {
            return this == DECODE || this == REQUEST_LOOP || this == OBJECT_STORE || this == BROKER_AND_OTHERS;
        }
    }

    /** CPU nanoseconds of each group so far. */
    record Snapshot(Map<Group, Long> nanos) {
        /** The CPU each group used between {@code before} and this snapshot. */
        Snapshot since(Snapshot before) {
            Map<Group, Long> used = new EnumMap<>(Group.class);
            nanos.forEach((group, value) -> used.put(group, Math.max(0, value - before.nanos.getOrDefault(group, 0L))));
            return new Snapshot(used);
        }

        /** Milliseconds of CPU per picture for each group, by key, in {@link Group} order. */
        Map<String, Double> msPerPicture(int pictures) {
            Map<String, Double> out = new java.util.LinkedHashMap<>();
            for (Group group : Group.values()) {
                out.put(group.key(), pictures <= 0 ? Double.NaN : Rate.round(nanos.getOrDefault(group, 0L) / 1e6 / pictures, 2));
            }
            return out;
        }
    }

    private ThreadCpu() {
    }

    static Snapshot take() {
        Map<Group, Long> nanos = new EnumMap<>(Group.class);
        for (Group group : Group.values()) {
            nanos.put(group, 0L);
        }
        long javaThreads = javaThreads(nanos);
        long jit = 0;
        long vm = 0;
        for (Map.Entry<String, Long> task : nativeTasks().entrySet()) {
            String name = task.getKey();
            if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                jit += task.getValue();
            } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ")) {
                vm += task.getValue();
            }
        }
        nanos.put(Group.JIT, jit);
        nanos.put(Group.GC, vm);
        long native_ = Math.max(0, processNanos() - javaThreads - jit - vm);
        nanos.merge(Group.MODEL, native_, Long::sum);
        return new Snapshot(nanos);
    }

    /** Adds each live Java thread's CPU to its group; returns their sum. */
    private static long javaThreads(Map<Group, Long> nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return 0;
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (infos[i] == null || cpu < 0) {
                continue; // ended meanwhile
            }
            nanos.merge(groupOf(infos[i].getThreadName()), cpu, Long::sum);
            sum += cpu;
        }
        return sum;
    }

    /** The group of a Java thread, by its name. */
    static Group groupOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("inference-run-")) {
            return Group.MODEL;
        }
        if (lower.startsWith("inference-decode")) {
            return Group.DECODE;
        }
        if (lower.equals("inference-kafka") || lower.contains("| sightline-inference")) {
            return Group.REQUEST_LOOP;
        }
        if (lower.startsWith("qtp") || lower.startsWith("okhttp") || lower.contains("s3proxy")) {
            return Group.OBJECT_STORE;
        }
        if (lower.equals("main") || lower.contains("sightline-bench")) {
            return Group.BENCH_CLIENT;
        }
        return Group.BROKER_AND_OTHERS;
    }

    /** CPU nanoseconds of every OS thread of this process by its name ({@code comm}); empty off Linux. */
    private static Map<String, Long> nativeTasks() {
        Map<String, Long> byName = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return byName;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // pid (comm) state ... utime(14) stime(15): comm may hold spaces and parentheses
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close);
                    List<String> fields = List.of(stat.substring(close + 2).split(" "));
                    long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
                    byName.merge(name, ticks * NANOS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return byName;
        }
        return byName;
    }

    /** Linux reports thread times in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static long processNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
