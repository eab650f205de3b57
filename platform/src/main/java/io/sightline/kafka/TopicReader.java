package io.sightline.kafka;

import io.sightline.concurrent.Pause;
import io.sightline.concurrent.Threads;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from the beginning and keeps following it, handing each record to
 * a handler on one background thread: the way each service rebuilds its view of a compacted topic
 * (the dataset, the feature cache, the model versions) after a start. No consumer group is used, so
 * every replica sees every record. {@link #awaitCaughtUp} waits until the end offsets found at start
 * have been reached.
 */
public final class TopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final long MISSING_TOPIC_RETRY_MS = 500;
    private static final long MISSING_TOPIC_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Receives records in offset order per partition; a null value is a tombstone. */
    @FunctionalInterface
    public interface Handler {
        void onRecord(String key, byte[] value);
    }

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Handler handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public TopicReader(KafkaClients clients, String topic, Handler handler) {
        this.topic = topic;
        this.handler = handler;
        this.consumer = clients.consumer(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, "sightline-reader-" + topic));
        this.thread = Threads.daemon("reader-" + topic, this::run);
    }

    public TopicReader start() {
        thread.start();
        return this;
    }

    /** Waits until the records present at start have been handled; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether the reader's thread is still going (false once closed, or stopped by a failure). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = new HashMap<>(consumer.endOffsets(partitions));
            checkCaughtUp(endOffsets);
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    handle(record);
                }
                if (!isCaughtUp()) {
                    checkCaughtUp(endOffsets);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Reader of {} stopped: {}", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The topic's partitions, once it exists: asked again every half second, said every 30 s. */
    private List<TopicPartition> partitions() {
        long saidAt = 0;
        while (running.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            if (saidAt == 0 || System.nanoTime() - saidAt > MISSING_TOPIC_LOG_NANOS) {
                LOG.warn("Topic {} does not exist yet; waiting for it", topic);
                saidAt = System.nanoTime();
            }
            // The broker answers "unknown topic" at once: no busy loop.
            if (!Pause.pause(Duration.ofMillis(MISSING_TOPIC_RETRY_MS), running::get)) {
                break;
            }
        }
        throw new WakeupException();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            handler.onRecord(record.key(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("Skipped record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
        }
    }

    private void checkCaughtUp(Map<TopicPartition, Long> endOffsets) {
        endOffsets.entrySet().removeIf(entry -> consumer.position(entry.getKey()) >= entry.getValue());
        if (endOffsets.isEmpty()) {
            caughtUp.countDown();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup(); // a wait for a topic that does not exist yet ends within its half-second pause
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
