package io.sightline.inference.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume-transform-produce loop on {@code classify.requests}: poll, let the
 * {@link PollProcessor} produce the poll's results and dead letters, and commit them together with
 * the consumer offsets in one Kafka transaction. A failed or fenced transaction is aborted and the
 * poll's partitions are rewound to its first offsets, so those requests are processed again and
 * nothing half-done is ever visible to read_committed consumers. Any other failure closes both clients
 * and starts new ones (the new consumer resumes from the committed offsets).
 */
public final class ClassifyConsumerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_PAUSE_MS = 1000;
    private static final long RESTART_PAUSE_MS = 5000;

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Supplier<Producer<String, byte[]>> producers;
    private final PollProcessor processor;
    private final StartGate ready;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;

    /**
     * @param ready waited for before the first poll (until the loop is closed): the start-up model load is done
     */
    public ClassifyConsumerLoop(String topic, Supplier<Consumer<String, byte[]>> consumers,
                                Supplier<Producer<String, byte[]>> producers, PollProcessor processor,
                                StartGate ready) {
        this.topic = topic;
        this.consumers = consumers;
        this.producers = producers;
        this.processor = processor;
        this.ready = ready;
        this.thread = new Thread(this::run, "inference-kafka");
        this.thread.setDaemon(true);
    }

    public ClassifyConsumerLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running && !ready.awaitReady(Duration.ofSeconds(1))) {
                LOG.debug("Waiting for the start-up model load before reading requests");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        while (running) {
            try {
                session();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("The request loop failed ({}); starting a new consumer and producer in {} s",
                            e.toString(), RESTART_PAUSE_MS / 1000, e);
                    pause(RESTART_PAUSE_MS);
                }
            }
        }
    }

    /** One consumer and producer, until closed or a failure the loop cannot handle in place. */
    private void session() {
        Consumer<String, byte[]> kafka = consumers.get();
        consumer = kafka;
        Producer<String, byte[]> producer = null;
        try {
            if (!running) {
                return;
            }
            producer = newProducer();
            kafka.subscribe(List.of(topic), new Rebalances());
            LOG.info("Classifying requests from {}", topic);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    producer = processInTransaction(kafka, producer, records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            kafka.close(Duration.ofSeconds(5));
        }
    }

    private Producer<String, byte[]> processInTransaction(Consumer<String, byte[]> kafka, Producer<String, byte[]> producer,
                                                         ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        boolean inTransaction = false;
        try {
            List<ProducerRecord<String, byte[]>> out = processor.process(batch);
            producer.beginTransaction();
            inTransaction = true;
            for (ProducerRecord<String, byte[]> record : out) {
                producer.send(record);
            }
            producer.sendOffsetsToTransaction(nextOffsets(batch), kafka.groupMetadata());
            producer.commitTransaction();
            return producer;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            LOG.warn("Another instance took over this transactional id ({}); starting a new producer and reading "
                    + "the {} uncommitted requests again", e.getMessage(), batch.size());
            producer.close(Duration.ZERO);
            rewind(kafka, batch);
            return newProducer();
        } catch (AuthorizationException e) {
            throw e;
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("Transaction of {} requests failed ({}); aborting and reading them again", batch.size(), e.toString());
            if (inTransaction) {
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    LOG.warn("Abort failed too ({}); starting a new producer", abortFailed.toString());
                    producer.close(Duration.ZERO);
                    producer = newProducer();
                }
            }
            rewind(kafka, batch);
            pause(RETRY_PAUSE_MS);
            return producer;
        }
    }

    private Producer<String, byte[]> newProducer() {
        Producer<String, byte[]> producer = producers.get();
        producer.initTransactions();
        return producer;
    }

    /** For each partition of the poll: the offset after its last record. */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** For each partition of the poll: its first record's offset. */
    static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        return offsets;
    }

    private static void rewind(Consumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> batch) {
        var assigned = kafka.assignment();
        firstOffsets(batch).forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                kafka.seek(partition, offset);
            }
        });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the poll in progress is committed (or aborted). */
    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the loop waits for before its first poll. */
    @FunctionalInterface
    public interface StartGate {
        boolean awaitReady(Duration timeout) throws InterruptedException;
    }

    private static final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Request partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Request partitions assigned: {}", partitions);
            }
        }
    }
}
