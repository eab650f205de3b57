package io.sightline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A closed-loop Kafka client: keeps {@code concurrency} classify requests outstanding (every other one
 * by object reference, the others as base64), reads the results read_committed and records the time
 * from send to result. Images/s and latencies are taken in a window after a timed warm-up.
 */
final class KafkaLoad implements AutoCloseable {
    private static final Duration RESULT_POLL = Duration.ofMillis(100);
    private final Topics topics = Topics.defaults();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RequestPictures pictures;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    KafkaLoad(String bootstrap, RequestPictures pictures) {
        this.pictures = pictures;
        this.producer = KafkaClients.plaintext(bootstrap).producer("sightline-bench-requests", null);
        // Assigned, not subscribed: the group only names the client; it reads from the end, committed results only.
        this.consumer = KafkaClients.plaintext(bootstrap).committedReader("sightline-bench-" + UUID.randomUUID());
        KafkaClients.startAtTheEnd(consumer, topics.classifyResults());
    }

    /**
     * What one run measured.
     *
     * @param imagesPerSecond results in the measured window over its length
     * @param latency         send to result read, measured window
     * @param serviceLatency  the service's own latencyMs (request received to result ready), measured window
     * @param requests        results in the measured window
     * @param seconds         the measured window, from one arrival of results to another
     * @param compilerCores   JIT compilation during the window: the compilers' elapsed time per second of window
     *                        (an upper bound of the cores they took, since a preempted compile still counts):
     *                        how far from warm this one process still was
     * @param cpu             CPU time of this process's threads over the window
     * @param meters          the service's meters over the same window (not the warm-up)
     */
    record Outcome(double imagesPerSecond, Percentiles latency, Percentiles serviceLatency, int requests, int errors,
                   double seconds, double compilerCores, ThreadCpu.Snapshot cpu,
                   ServiceMeters meters) {
    }

    /**
     * Keeps {@code concurrency} requests outstanding: for {@code warmUp} without counting (JIT compilation,
     * allocation, caches), then for {@code duration} counted, then sending stops and the rest is drained.
     * Results arrive in bursts (each service transaction makes its results visible at once), so the window
     * runs from one poll that returned results to another and counts the results returned after the first,
     * up to and including the last: the count and the time cover the same span.
     *
     * @param timeout the longest wait for the next result before the run fails
     * @param meters  reads the service's meters, at the window's start and end
     */
    Outcome run(int concurrency, Duration warmUp, Duration duration, Duration timeout, Supplier<ServiceMeters> meters) {
        Map<String, Long> sentAt = new HashMap<>();
        int window = concurrency;
        int errors = 0;
        int counted = 0;
        long windowStart = 0;
        long windowEnd = 0;
        long compileMsAtStart = 0;
        long compileMsAtEnd = 0;
        ThreadCpu.Reading cpuAtStart = null;
        ThreadCpu.Reading cpuAtEnd = null;
        ServiceMeters metersAtStart = null;
        ServiceMeters metersInWindow = null;
        LatencyRecorder latency = new LatencyRecorder();
        LatencyRecorder serviceLatency = new LatencyRecorder();
        long runStarted = System.nanoTime();
        long warmUpEnd = runStarted + warmUp.toNanos();
        long lastResult = runStarted;
        int sent = 0;
        while (windowEnd == 0 || !sentAt.isEmpty()) {
            Exception failed = sendFailure.get();
            if (failed != null) {
                throw new IllegalStateException("a classify request could not be sent: " + failed.getMessage(), failed);
            }
            if (System.nanoTime() - lastResult > timeout.toNanos()) {
                throw new IllegalStateException("no result for " + timeout.toSeconds() + " s; " + sentAt.size()
                        + " classify requests outstanding");
            }
            for (; windowEnd == 0 && window > 0; window--) {
                send(sent++, sentAt);
            }
            // A closed loop sends only when results arrive, so the poll may block: the broker answers a
            // read_committed fetch as soon as a transaction's results become visible.
            var records = consumer.poll(RESULT_POLL);
            long now = System.nanoTime();
            boolean counting = windowStart != 0 && windowEnd == 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                Long started = sentAt.remove(record.key());
                if (started == null) {
                    continue; // not ours, or a duplicate
                }
                lastResult = now;
                window++;
                if (!counting) {
                    continue;
                }
                latency.recordNanos(now - started);
                counted++;
                double serviceMs = serviceLatencyMs(record.value());
                if (Double.isNaN(serviceMs)) {
                    errors++;
                } else {
                    serviceLatency.recordNanos(Math.round(serviceMs * 1e6));
                }
            }
            if (records.isEmpty() || windowEnd != 0) {
                continue;
            }
            if (windowStart == 0 && now >= warmUpEnd) {
                windowStart = now;
                compileMsAtStart = compileMillis();
                cpuAtStart = ThreadCpu.take();
                metersAtStart = meters.get();
            } else if (counting && now - windowStart >= duration.toNanos()) {
                windowEnd = now;
                compileMsAtEnd = compileMillis();
                cpuAtEnd = ThreadCpu.take();
                metersInWindow = meters.get().since(metersAtStart);
            }
        }
        Percentiles service = serviceLatency.count() == 0 ? latency.percentiles() : serviceLatency.percentiles();
        long seconds = windowEnd - windowStart;
        return new Outcome(Rate.perSecond(counted, seconds), latency.percentiles(), service, counted, errors,
                seconds / 1e9,
                seconds <= 0 ? Double.NaN : (compileMsAtEnd - compileMsAtStart) * 1e6 / seconds,
                cpuAtStart == null || cpuAtEnd == null ? null : cpuAtEnd.since(cpuAtStart), metersInWindow);
    }

    /** Time the JIT compilers have spent so far, summed over their threads; 0 where the JVM does not say. */
    private static long compileMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : 0;
    }

    private void send(int index, Map<String, Long> sentAt) {
        String id = "bench-" + UUID.randomUUID();
        byte[] value = Json.write(pictures.request(id, index));
        sentAt.put(id, System.nanoTime());
        producer.send(new ProducerRecord<>(topics.classifyRequests(), id, value), (metadata, error) -> {
            if (error != null) {
                sendFailure.compareAndSet(null, error);
            }
        });
    }

    /** The latencyMs of an ok result; NaN for an error result or one that does not parse. */
    static double serviceLatencyMs(byte[] value) {
        try {
            JsonNode node = Json.mapper().readTree(value);
            return "ok".equals(node.path("status").asText()) ? node.path("latencyMs").asDouble(Double.NaN) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

}
