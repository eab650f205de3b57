package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.kafka.ClassifyConsumerLoop;
import io.sightline.inference.review.ReviewQueue;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CPU by thread group: names map to groups, and a thread's own CPU lands in its group. */
class ThreadCpuTest {
    /** Thread names as jstack showed them in a running bench (2026-12-01: Kafka 3.9.1, S3Proxy 2.6.0, MinIO 8.6.0). */
    private static final Map<String, ThreadCpu.Group> SEEN = Map.ofEntries(
            Map.entry("inference-run-2", ThreadCpu.Group.MODEL),
            Map.entry("inference-plan-1", ThreadCpu.Group.MODEL),
            Map.entry("inference-model-loader", ThreadCpu.Group.MODEL),
            Map.entry("inference-decode-1", ThreadCpu.Group.DECODE),
            Map.entry("inference-kafka", ThreadCpu.Group.REQUEST_LOOP),
            Map.entry("kafka-producer-network-thread | sightline-inference-instance-7c01d148-7fb4-4690-b299-3e59591308d7",
                    ThreadCpu.Group.REQUEST_LOOP),
            Map.entry("kafka-coordinator-heartbeat-thread | sightline-inference", ThreadCpu.Group.REQUEST_LOOP),
            Map.entry("OkHttp Dispatcher", ThreadCpu.Group.OBJECT_STORE_CLIENT),
            Map.entry("OkHttp TaskRunner", ThreadCpu.Group.OBJECT_STORE_CLIENT),
            Map.entry("OkHttp ConnectionPool connection closer", ThreadCpu.Group.OBJECT_STORE_CLIENT),
            Map.entry("Okio Watchdog", ThreadCpu.Group.OBJECT_STORE_CLIENT),
            Map.entry("inference-review-1", ThreadCpu.Group.REVIEW),
            Map.entry("kafka-producer-network-thread | sightline-events", ThreadCpu.Group.REVIEW),
            Map.entry("data-plane-kafka-request-handler-7", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-2", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("kafka-1-raft-io-thread", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("kafka-1-metadata-loader-event-handler", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("quorum-controller-1-event-handler", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("executor-Fetch", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("TxnMarkerSenderThread-1", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("AddPartitionsToTxnSenderThread-1", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("ExpirationReaper-1-Produce", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("kafka-scheduler-3", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("broker-1-to-controller-heartbeat-channel-manager", ThreadCpu.Group.KAFKA_BROKER),
            Map.entry("S3Proxy-Jetty-93", ThreadCpu.Group.OBJECT_STORE_SERVER),
            Map.entry("Connector-Scheduler-4e3d7a1-1", ThreadCpu.Group.OBJECT_STORE_SERVER),
            Map.entry("reader-sightline.review", ThreadCpu.Group.OTHER_SERVICES),
            Map.entry("kafka-coordinator-heartbeat-thread | sightline-trainer-embed-generated", ThreadCpu.Group.OTHER_SERVICES),
            Map.entry("default-eventLoopGroup-2-1", ThreadCpu.Group.OTHER_SERVICES),
            Map.entry("pool-7-thread-1", ThreadCpu.Group.OTHER_SERVICES),
            Map.entry("main", ThreadCpu.Group.BENCH_CLIENT),
            Map.entry("kafka-producer-network-thread | sightline-bench-requests", ThreadCpu.Group.BENCH_CLIENT),
            Map.entry("HttpClient-1-Worker-2", ThreadCpu.Group.BENCH_CLIENT));

    @Test
    void threadNamesSeenInARunningBenchFallInTheirGroups() {
        SEEN.forEach((name, group) -> assertEquals(group, ThreadCpu.groupOf(name), name));
    }

    @Test
    void theServicesOwnThreadsAreCountedAndTheInfrastructureIsNot() {
        for (ThreadCpu.Group group : ThreadCpu.Group.values()) {
            boolean service = group == ThreadCpu.Group.DECODE || group == ThreadCpu.Group.REQUEST_LOOP
                    || group == ThreadCpu.Group.OBJECT_STORE_CLIENT || group == ThreadCpu.Group.REVIEW;
            assertEquals(service, group.part() == ThreadCpu.Part.SERVICE, group.key());
        }
        assertEquals(ThreadCpu.Part.INFRASTRUCTURE, ThreadCpu.groupOf("some-thread-nobody-named").part(),
                "an unknown thread is not charged to the service");
        // Built from the names the service gives its threads, so a rename cannot silently move them.
        assertEquals(ThreadCpu.Group.DECODE, ThreadCpu.groupOf(ClassifyEngine.DECODE_THREADS + "-3"));
        assertEquals(ThreadCpu.Group.MODEL, ThreadCpu.groupOf(ClassifyEngine.RUN_THREADS + "1"));
        assertEquals(ThreadCpu.Group.REQUEST_LOOP, ThreadCpu.groupOf(ClassifyConsumerLoop.THREAD));
        assertEquals(ThreadCpu.Group.REVIEW, ThreadCpu.groupOf(ReviewQueue.THREADS + "-1"));
    }

    @Test
    void theServiceAndTheInfrastructureAddUpTheirGroups() {
        Map<ThreadCpu.Group, Long> nanos = new EnumMap<>(ThreadCpu.Group.class);
        for (ThreadCpu.Group group : ThreadCpu.Group.values()) {
            nanos.put(group, 1_000_000L * (group.ordinal() + 1));
        }
        BenchResult.CpuPerPicture cpu = BenchResult.CpuPerPicture.of(new ThreadCpu.Snapshot(nanos), 1);
        // decode 2 + requestLoop 3 + objectStoreClient 4 + review 5; kafkaBroker 6 + objectStoreServer 7 + otherServices 8
        assertEquals(14.0, cpu.aroundTheModel(), 1e-9, cpu.toString());
        assertEquals(21.0, cpu.infrastructure(), 1e-9, cpu.toString());
    }

    @Test
    void aBusyThreadsCpuIsCountedInItsGroup() throws Exception {
        ThreadCpu.Reading before = ThreadCpu.take();
        long spentNanos = 200_000_000L;
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread decoder = new Thread(() -> {
            long sum = 0;
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < spentNanos) {
                sum += Long.numberOfTrailingZeros(sum + 1);
            }
            spun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inference-decode-test");
        decoder.start();
        try {
            assertTrue(spun.await(2, TimeUnit.MINUTES));
            ThreadCpu.Snapshot used = ThreadCpu.take().since(before);
            long decode = used.nanos().get(ThreadCpu.Group.DECODE);
            assertTrue(decode >= spentNanos, "the decode thread's CPU is in its group: " + used);
            Map<String, Double> perPicture = used.msPerPicture(10);
            assertEquals(ThreadCpu.Group.values().length, perPicture.size());
            assertTrue(perPicture.get("decode") >= spentNanos / 1e6 / 10, perPicture.toString());
            assertTrue(perPicture.values().stream().allMatch(ms -> ms >= 0), perPicture.toString());
        } finally {
            release.countDown();
            decoder.join();
        }
    }

    @Test
    void aThreadThatEndsInTheWindowMovesNoneOfItsEarlierCpuIntoAnotherGroup() throws Exception {
        long spentNanos = 200_000_000L;
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread runner = new Thread(() -> {
            spin(spentNanos);
            spun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, ClassifyEngine.RUN_THREADS + "ending");
        runner.start();
        assertTrue(spun.await(2, TimeUnit.MINUTES));
        ThreadCpu.Reading before = ThreadCpu.take();
        release.countDown();
        runner.join();
        ThreadCpu.Snapshot used = ThreadCpu.take().since(before);
        // Counted as a whole-group total, its 200 ms would leave the model group and land in the process's rest.
        assertTrue(used.nanos().get(ThreadCpu.Group.MODEL) < spentNanos / 2, used.toString());
        assertTrue(used.nanos().get(ThreadCpu.Group.UNATTRIBUTED) < spentNanos / 2, used.toString());
    }

    private static void spin(long cpuNanos) {
        long sum = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < cpuNanos) {
            sum += Long.numberOfTrailingZeros(sum + 1);
        }
    }

    @Test
    void theJitAndTheGcAreKnownByTheirTaskNames() {
        assertEquals(ThreadCpu.Group.JIT, ThreadCpu.runtimeGroupOf("C2 CompilerThre"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.runtimeGroupOf("G1 Conc#0"));
        assertEquals(ThreadCpu.Group.GC, ThreadCpu.runtimeGroupOf("VM Thread"));
        assertEquals(null, ThreadCpu.runtimeGroupOf("inference-run-1"), "Java threads are read through the JVM");
    }
}
