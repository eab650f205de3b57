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
 * JIT compilers and the garbage collector from {@code /proc/self/task} (Linux); each thread's use is its own
 * clock's difference, so a thread that ends does not move its earlier CPU anywhere. ONNX Runtime's own pool
 * threads are native and invisible to the JVM: they are in the rest of the process's CPU ({@code unattributed}),
 * not in {@code model}, which is the runner threads that call into it.
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
        MODEL("model", Part.MODEL, "ONNX Runtime's runs: the runner threads that call it (loading and plan trials too)"),
        DECODE("decode", Part.SERVICE, "fetch from S3 (the MinIO client's call runs here) or base64, decode, preprocess"),
        REQUEST_LOOP("requestLoop", Part.SERVICE, "the service's Kafka consumer loop, its producer's network thread, its heartbeat"),
        OBJECT_STORE_CLIENT("objectStoreClient", Part.SERVICE, "the MinIO client's own threads (OkHttp, Okio)"),
        REVIEW("review", Part.SERVICE, "pictures put aside for review: S3 upload and event"),
        KAFKA_BROKER("kafkaBroker", Part.INFRASTRUCTURE, "the embedded Kafka broker and its KRaft controller"),
        OBJECT_STORE_SERVER("objectStoreServer", Part.INFRASTRUCTURE, "S3Proxy (Jetty)"),
        OTHER_SERVICES("otherServices", Part.INFRASTRUCTURE, "the trainer, the ingest service, HTTP servers, anything unrecognised"),
        BENCH_CLIENT("benchClient", Part.BENCH, "the bench's own requests and result reader"),
        JIT("jit", Part.RUNTIME, "the JIT compilers"),
        GC("gcAndVm", Part.RUNTIME, "garbage collection and VM threads"),
        UNATTRIBUTED("unattributed", Part.RUNTIME,
                "the process's CPU no live thread accounts for: ONNX Runtime's own pool threads, threads that ended");

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

    /**
     * One moment's CPU clocks: each live Java thread's (by id, with its group), each JIT and GC task's (by tid),
     * and the whole process's.
     */
    record Reading(Map<Long, ThreadClock> javaThreads, Map<String, ThreadClock> runtimeTasks, long processNanos) {
        /**
         * The CPU each group used between {@code before} and this reading, thread by thread: a thread that started
         * in between counts from zero, one that ended is not seen, so no thread's earlier CPU moves between groups.
         * What no live thread accounts for (ONNX Runtime's own native threads, threads that ended in between, the
         * moments spent reading the clocks) is {@link Group#UNATTRIBUTED}.
         */
        Snapshot since(Reading before) {
            Map<Group, Long> used = new EnumMap<>(Group.class);
            for (Group group : Group.values()) {
                used.put(group, 0L);
            }
            long attributed = addUsed(javaThreads, before.javaThreads, used) + addUsed(runtimeTasks, before.runtimeTasks, used);
            used.put(Group.UNATTRIBUTED, Math.max(0, processNanos - before.processNanos - attributed));
            return new Snapshot(used);
        }

        private static <K> long addUsed(Map<K, ThreadClock> now, Map<K, ThreadClock> before, Map<Group, Long> used) {
            long sum = 0;
            for (Map.Entry<K, ThreadClock> thread : now.entrySet()) {
                ThreadClock earlier = before.get(thread.getKey());
                long nanos = Math.max(0, thread.getValue().nanos() - (earlier == null ? 0 : earlier.nanos()));
                used.merge(thread.getValue().group(), nanos, Long::sum);
                sum += nanos;
            }
            return sum;
        }
    }

    /** A thread's CPU so far and the group its name puts it in. */
    record ThreadClock(Group group, long nanos) {
    }

    /** CPU nanoseconds each group used over a window. */
    record Snapshot(Map<Group, Long> nanos) {
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

    static Reading take() {
        long process = processNanos();
        return new Reading(javaThreads(), runtimeTasks(), process);
    }

    /** Each live Java thread's CPU so far, by thread id. */
    private static Map<Long, ThreadClock> javaThreads() {
        Map<Long, ThreadClock> clocks = new HashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported()) {
            return clocks;
        }
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu >= 0) { // else it ended meanwhile
                clocks.put(ids[i], new ThreadClock(groupOf(infos[i].getThreadName()), cpu));
            }
        }
        return clocks;
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

    /** The JIT compilers' and the GC's tasks (native threads the JVM does not list), by tid; empty off Linux. */
    private static Map<String, ThreadClock> runtimeTasks() {
        Map<String, ThreadClock> clocks = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return clocks;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // pid (comm) state ... utime(14) stime(15): comm may hold spaces and parentheses
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    Group group = runtimeGroupOf(stat.substring(open + 1, close));
                    if (group != null) {
                        List<String> fields = List.of(stat.substring(close + 2).split(" "));
                        long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
                        clocks.put(task.getFileName().toString(), new ThreadClock(group, ticks * NANOS_PER_TICK));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return clocks;
        }
        return clocks;
    }

    /** The group of a JVM-internal task by its OS name ({@code comm}, 15 characters at most), else null. */
    static Group runtimeGroupOf(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Group.JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM ")) {
            return Group.GC;
        }
        return null;
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
