package io.sightline.cli.bench;

import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.kafka.ClassifyConsumerLoop;
import io.sightline.inference.review.ReviewQueue;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of the bench process's threads by what they do, between two moments: which part of the pipeline
 * around the model costs what, per picture. Java threads are read exactly (their CPU clocks, by name); the
 * JIT compilers and the garbage collector from {@code /proc/self/task} (Linux); ONNX Runtime's own threads are
 * native, invisible to the JVM, and counted as the rest of the process's CPU time with the runner threads
 * that call into it.
 *
 * <p>The bench runs everything in one process, so the groups tell the inference service's own work around
 * the model ({@link Part#SERVICE}: what issue 18's 5 ms per picture is about) from the infrastructure that
 * shares the process here and runs on other machines in production ({@link Part#INFRASTRUCTURE}: the Kafka
 * broker, the S3 server, the other services). Names are those the threads really carry (seen with jstack in a
 * running bench, Kafka 3.9, S3Proxy 2.6, MinIO client 8.6); a thread nobody recognises counts as infrastructure.
 */
final class ThreadCpu {
    /** Which side of the line a group is on. */
    enum Part {
        /** ONNX Runtime. */
        MODEL,
        /** The inference service's own work around the model: counted in the target. */
        SERVICE,
        /** In this process only because the bench holds everything: reported, not counted. */
        INFRASTRUCTURE,
        /** The bench's own requests. */
        BENCH,
        /** The JVM itself. */
        RUNTIME
    }

    /** What a thread does, as its name says. */
    enum Group {
        MODEL("model", Part.MODEL, "ONNX Runtime: the runner threads and its native threads"),
        DECODE("decode", Part.SERVICE, "fetch from S3 (the MinIO client's call runs here) or base64, decode, preprocess"),
        REQUEST_LOOP("requestLoop", Part.SERVICE, "the service's Kafka consumer loop, its producer's network thread, its heartbeat"),
        OBJECT_STORE_CLIENT("objectStoreClient", Part.SERVICE, "the MinIO client's own threads (OkHttp, Okio)"),
        REVIEW("review", Part.SERVICE, "pictures put aside for review: S3 upload and event"),
        KAFKA_BROKER("kafkaBroker", Part.INFRASTRUCTURE, "the embedded Kafka broker and its KRaft controller"),
        OBJECT_STORE_SERVER("objectStoreServer", Part.INFRASTRUCTURE, "S3Proxy (Jetty)"),
        OTHER_SERVICES("otherServices", Part.INFRASTRUCTURE, "the trainer, the ingest service, HTTP servers, anything unrecognised"),
        BENCH_CLIENT("benchClient", Part.BENCH, "the bench's own requests and result reader"),
        JIT("jit", Part.RUNTIME, "the JIT compilers"),
        GC("gcAndVm", Part.RUNTIME, "garbage collection and VM threads");

        private final String key;
        private final Part part;
        private final String meaning;

        Group(String key, Part part, String meaning) {
            this.key = key;
            this.part = part;
            this.meaning = meaning;
        }

        String key() {
            return key;
        }

        Part part() {
            return part;
        }

        String meaning() {
            return meaning;
        }
    }

    /** Kafka 3.9's broker and KRaft controller threads (lower case), as jstack shows them in the embedded broker. */
    private static final List<String> BROKER_PREFIXES = List.of("data-plane-kafka-", "kafka-scheduler-",
            "kafka-log-cleaner", "kafka-request-handler", "quorum-controller-", "controller-", "broker-",
            "expirationreaper-", "txnmarkersenderthread", "addpartitionstotxnsenderthread", "group-metadata-manager",
            "transaction-log-manager", "logdirfailurehandler", "raft-expiration-reaper", "client-metrics-reaper",
            "sensorexpirythread", "executor-", "kafka-log-", "log-cleaner");
    /** KRaft's {@code kafka-<node>-raft-io-thread}, {@code kafka-<node>-metadata-loader-event-handler}, ... */
    private static final Pattern BROKER_NODE_THREAD = Pattern.compile("kafka-\\d+-.*");

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
        if (lower.startsWith(ClassifyEngine.RUN_THREADS) || lower.startsWith("inference-plan")
                || lower.startsWith("inference-model-loader")) { // loading, warming and measuring a model
            return Group.MODEL;
        }
        if (lower.startsWith(ClassifyEngine.DECODE_THREADS)) {
            return Group.DECODE;
        }
        if (lower.equals(ClassifyConsumerLoop.THREAD) || clientOf(lower).startsWith("sightline-inference")) {
            return Group.REQUEST_LOOP;
        }
        if (lower.startsWith("okhttp") || lower.startsWith("okio ")) {
            return Group.OBJECT_STORE_CLIENT;
        }
        if (lower.startsWith(ReviewQueue.THREADS) || clientOf(lower).equals("sightline-events")) {
            return Group.REVIEW;
        }
        if (lower.startsWith("s3proxy") || lower.startsWith("qtp") || lower.startsWith("connector-scheduler")) {
            return Group.OBJECT_STORE_SERVER;
        }
        if (lower.equals("main") || clientOf(lower).startsWith("sightline-bench") || lower.startsWith("sightline-client")
                || lower.startsWith("httpclient-")) {
            return Group.BENCH_CLIENT; // the JDK's HttpClient serves only the command line's client in this process
        }
        if (BROKER_NODE_THREAD.matcher(lower).matches() || BROKER_PREFIXES.stream().anyMatch(lower::startsWith)) {
            return Group.KAFKA_BROKER;
        }
        return Group.OTHER_SERVICES;
    }

    /** A Kafka client thread's client id ({@code "kafka-producer-network-thread | <client id>"}), else "". */
    private static String clientOf(String lowerName) {
        int bar = lowerName.indexOf(" | ");
        return bar < 0 ? "" : lowerName.substring(bar + 3);
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
