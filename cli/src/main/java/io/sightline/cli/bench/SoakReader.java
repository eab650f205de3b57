package io.sightline.cli.bench;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.kafka.KafkaClients;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results topic (read_committed, from its end at construction) on one thread while the soak
 * runs: the first result of each request gives its latency to the current interval and frees its slot.
 * Later results of the same request are left to {@link ResultCount}, which counts from the topic's start.
 */
final class SoakReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoakReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final SoakLedger ledger;
    private final SoakPacer pacer;
    private final IntervalStats stats;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong pollFailures = new AtomicLong();
    private final Thread thread;

    SoakReader(KafkaClients clients, String resultsTopic, SoakLedger ledger, SoakPacer pacer, IntervalStats stats) {
        this.ledger = ledger;
        this.pacer = pacer;
        this.stats = stats;
        // Assigned, not subscribed: the group id only names the client; positions are fixed before any request.
        this.consumer = clients.committedReader("sightline-soak-" + UUID.randomUUID());
        KafkaClients.startAtTheEnd(consumer, resultsTopic);
        this.thread = new Thread(this::run, "soak-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running.get()) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    onResult(record);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) { // the client reconnects by itself; say so and poll again
                pollFailures.incrementAndGet();
                LOG.warn("Polling the results failed ({}); polling again", e.toString());
            }
        }
    }

    private void onResult(ConsumerRecord<String, byte[]> record) {
        long now = System.nanoTime();
        OptionalLong sequence = ledger.sequence(record.key());
        if (sequence.isEmpty()) {
            return;
        }
        OptionalLong sentAt = ledger.answered(sequence.getAsLong());
        if (sentAt.isEmpty()) {
            return; // a second result, or one of a request whose send failed: counted at the end
        }
        pacer.release();
        stats.record(now - sentAt.getAsLong(), Json.read(record.value(), ClassifyResult.class));
    }

    /** Times a poll failed (the reader kept going). */
    long pollFailures() {
        return pollFailures.get();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
