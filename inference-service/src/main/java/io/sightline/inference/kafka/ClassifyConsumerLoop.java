package io.sightline.inference.kafka;

import io.sightline.concurrent.Pause;
import io.sightline.concurrent.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * The consume-transform-produce loop on {@code classify.requests}: poll, hand the poll to the
 * {@link PollProcessor}, and once its results are in, commit them and its dead letters together with
 * the consumer offsets in one Kafka transaction per poll, in poll order. Up to {@value #POLLS_IN_FLIGHT}
 * polls are in the engine at once, so the next poll's pictures decode and run while the previous poll's
 * last batch finishes (no idle model between polls); a poll's completion wakes the consumer up so its
 * transaction is not held back by the next poll's wait. A poll that enters an empty loop has its
 * transaction begun, with its offsets, while its pictures run (two coordinator round trips off the
 * request's path at low load); the results follow when they are in.
 *
 * <p>A failed or fenced transaction is aborted, every poll in flight is dropped and the partitions are
 * rewound to the first offsets among them, so those requests are processed again and nothing half-done
 * is ever visible to read_committed consumers. Polls in flight are committed before their partitions are
 * revoked and before the loop stops. Any other failure closes both clients and starts new ones (the new
 * consumer resumes from the committed offsets).
 *
 * <p>Why one class of this size: the consumer, the transactional producer and the polls in flight change
 * state together on one thread (poll, commit, rebalance, fence, restart); split across classes, the
 * exactly-once argument would have to be made across their interfaces.
 */
public final class ClassifyConsumerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyConsumerLoop.class);
    /** The loop's thread name (the bench counts its CPU by it). */
    public static final String THREAD = "inference-kafka";
    private static final Duration POLL = Duration.ofMillis(500);
    static final int POLLS_IN_FLIGHT = 2;
    private static final long RETRY_PAUSE_MS = 1000;
    private static final long RESTART_PAUSE_MS = 5000;

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final Supplier<Producer<String, byte[]>> producers;
    private final PollProcessor processor;
    private final StartGate ready;
    private final Events events;
    private final Thread thread;
    private final Deque<StartedPoll> inFlight = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private Producer<String, byte[]> producer;
    /** Whether {@link #producer} has a transaction open: the oldest poll's, begun with its offsets. */
    private boolean transactionOpen;

    /**
     * @param ready                     waited for before the first poll (until the loop is closed): the start-up
     *                                  model load is done
     * @param events                    hears what happens to transactions and sessions (for meters)
     */
    public ClassifyConsumerLoop(String topic, Supplier<Consumer<String, byte[]>> consumers,
                                Supplier<Producer<String, byte[]>> producers, PollProcessor processor,
                                StartGate ready, Events events) {
        this.events = events;
        this.topic = topic;
        this.consumers = consumers;
        this.producers = producers;
        this.processor = processor;
        this.ready = ready;
        this.thread = Threads.daemon(THREAD, this::run);
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
                    events.restarted();
                    LOG.error("The request loop failed ({}); starting a new consumer and producer in {} s",
                            e.toString(), RESTART_PAUSE_MS / 1000, e);
                    Pause.pause(Duration.ofMillis(RESTART_PAUSE_MS));
                }
            }
        }
    }

    /** One consumer and producer, until closed or a failure the loop cannot handle in place. */
    private void session() {
        Consumer<String, byte[]> kafka = consumers.get();
        consumer = kafka;
        inFlight.clear();
        try {
            if (!running) {
                return;
            }
            producer = newProducer();
            kafka.subscribe(List.of(topic), new Rebalances(kafka));
            LOG.info("Classifying requests from {}", topic);
            while (running) {
                step(kafka);
            }
            commitAll(kafka);
        } finally {
            // After a failure the polls in flight are not committed: the next consumer reads them again.
            // Cleared first, so that the revocation during kafka.close() has nothing left to commit.
            inFlight.clear();
            transactionOpen = false;
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
            }
            kafka.close(Duration.ofSeconds(5));
        }
    }

    /** Commits the oldest poll if its results are in; else reads the next poll if there is room, else waits. */
    private void step(Consumer<String, byte[]> kafka) {
        StartedPoll oldest = inFlight.peekFirst();
        if (oldest != null && oldest.ready()) {
            commitOldest(kafka);
            return;
        }
        if (oldest != null && inFlight.size() >= POLLS_IN_FLIGHT) {
            awaitQuietly(oldest);
            return;
        }
        Duration timeout = oldest == null ? POLL : Duration.ofNanos(Math.min(POLL.toNanos(), oldest.nanosLeft()));
        ConsumerRecords<String, byte[]> records;
        try {
            records = kafka.poll(timeout);
        } catch (WakeupException e) {
            return; // a poll in flight finished, or close(): the loop looks again
        }
        if (!records.isEmpty()) {
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
            records.forEach(batch::add);
            StartedPoll started = processor.start(batch);
            inFlight.addLast(started);
            started.done().whenComplete((ignored, error) -> kafka.wakeup());
            if (inFlight.size() == 1 && !started.ready()) {
                openEarly(kafka, started);
            }
        }
    }

    /** Commits every poll in flight, oldest first, waiting for their results (revocation, close). */
    private void commitAll(Consumer<String, byte[]> kafka) {
        while (!inFlight.isEmpty() && producer != null) {
            awaitQuietly(inFlight.peekFirst());
            commitOldest(kafka);
        }
    }

    private static void awaitQuietly(StartedPoll poll) {
        try {
            poll.done().get(poll.nanosLeft(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Past its deadline: the missing results are answered internal.
        }
    }

    /** One transaction for the oldest poll; on failure every poll in flight is dropped and read again. */
    private void commitOldest(Consumer<String, byte[]> kafka) {
        StartedPoll poll = inFlight.peekFirst();
        transact(kafka, poll, () -> {
            List<ProducerRecord<String, byte[]>> out = poll.producerRecords();
            long started = System.nanoTime();
            openTransaction(kafka, poll);
            for (ProducerRecord<String, byte[]> record : out) {
                producer.send(record);
            }
            producer.commitTransaction();
            transactionOpen = false;
            events.committed(System.nanoTime() - started, out);
            inFlight.removeFirst();
        });
    }

    /**
     * Opens the transaction of a poll that is alone in flight while its pictures are still running: at low load
     * the offsets' two round trips to the coordinators (AddOffsetsToTxn, TxnOffsetCommit) then happen during the
     * model run instead of after it. The offsets become visible only with the results, at commit; a consumer
     * that takes the partitions over meanwhile waits for this transaction to end (KIP-447's stable offset fetch).
     */
    private void openEarly(Consumer<String, byte[]> kafka, StartedPoll poll) {
        transact(kafka, poll, () -> openTransaction(kafka, poll));
    }

    /** Begins {@code poll}'s transaction with its consumer offsets, unless it is open already. */
    private void openTransaction(Consumer<String, byte[]> kafka, StartedPoll poll) {
        if (transactionOpen) {
            return;
        }
        producer.beginTransaction();
        transactionOpen = true;
        producer.sendOffsetsToTransaction(nextOffsets(poll.records()), kafka.groupMetadata());
    }

    /** Runs {@code work} on {@code poll}'s transaction; a failure aborts it and reads every poll in flight again. */
    private void transact(Consumer<String, byte[]> kafka, StartedPoll poll, Runnable work) {
        try {
            work.run();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            events.fenced();
            LOG.warn("Another instance took over this transactional id ({}); starting a new producer and reading "
                    + "the {} uncommitted polls again", e.getMessage(), inFlight.size());
            closeProducer();
            rewindInFlight(kafka);
            producer = newProducer();
        } catch (AuthorizationException e) {
            throw e;
        } catch (KafkaException | IllegalStateException e) {
            events.aborted();
            LOG.warn("Transaction of {} requests failed ({}); aborting and reading the {} uncommitted polls again",
                    poll.records().size(), e.toString(), inFlight.size());
            if (transactionOpen) {
                try {
                    producer.abortTransaction();
                    transactionOpen = false;
                } catch (KafkaException abortFailed) {
                    LOG.warn("Abort failed too ({}); starting a new producer", abortFailed.toString());
                    closeProducer();
                    producer = newProducer();
                }
            }
            rewindInFlight(kafka);
            Pause.pause(Duration.ofMillis(RETRY_PAUSE_MS));
        }
    }

    /** Closes the producer at once; an open transaction dies with it (the coordinator aborts it). */
    private void closeProducer() {
        Producer<String, byte[]> closing = producer;
        producer = null;
        transactionOpen = false;
        closing.close(Duration.ZERO);
    }

    /** Drops every poll in flight (their results are never written) and seeks back to their first offsets. */
    private void rewindInFlight(Consumer<String, byte[]> kafka) {
        List<ConsumerRecord<String, byte[]>> uncommitted = new ArrayList<>();
        inFlight.forEach(poll -> uncommitted.addAll(poll.records()));
        inFlight.clear();
        rewind(kafka, uncommitted);
    }

    private Producer<String, byte[]> newProducer() {
        Producer<String, byte[]> created = producers.get();
        try {
            created.initTransactions();
            return created;
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
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

    /** Stops after the polls in flight are committed (or aborted). */
    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            // The polls in flight may wait up to the result timeout each, then both clients close.
            thread.join(processor.resultTimeout().multipliedBy(POLLS_IN_FLIGHT).plusSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the loop waits for before its first poll. */
    @FunctionalInterface
    public interface StartGate {
        boolean awaitReady(Duration timeout) throws InterruptedException;
    }

    /** Commits the polls in flight before partitions go to another replica. */
    private final class Rebalances implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> kafka;

        Rebalances(Consumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Request partitions revoked: {}", partitions);
                commitAll(kafka);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.warn("Request partitions lost: {}; their {} uncommitted polls are dropped", partitions, inFlight.size());
                rewindInFlight(kafka);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("Request partitions assigned: {}", partitions);
            }
        }
    }

    /** What the loop tells its meters. */
    public interface Events {
        /** A poll's transaction committed, {@code nanos} from begin to commit, with the records it wrote. */
        void committed(long nanos, List<ProducerRecord<String, byte[]>> written);

        /** A transaction failed and was aborted; its polls are read again. */
        void aborted();

        /** Another instance took this transactional id over; a new producer is started. */
        void fenced();

        /** The session failed as a whole; a new consumer and producer start after a pause. */
        void restarted();
    }
}
