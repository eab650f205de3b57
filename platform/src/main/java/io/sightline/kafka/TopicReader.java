package io.sightline.kafka;

import io.sightline.concurrent.Pause;
import io.sightline.concurrent.Threads;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of a topic from the beginning and keeps following it, handing each record to
 * a handler on one background thread: the way each service rebuilds its view of a compacted topic
 * (the dataset, the feature cache, the model versions) after a start. No consumer group is used, so
 * every replica sees every record. {@link #awaitCaughtUp} waits until the end offsets found at the
 * first successful start have been reached; {@link #awaitLatest} until the end offsets of the moment
 * it is called have been (a read barrier: what any writer had written before is then in the view).
 *
 * <p>It never gives up: when Kafka does not answer (slow at start, a broker restart, a timeout) the
 * consumer is closed and a new one continues from the next unread offset of each partition, after a
 * pause that doubles up to 30 s. {@link #isHealthy} is false while it is between two consumers.
 *
 * <p>One class of this size because the positions it hands over, its restarts and the read barrier
 * share one state: split apart, the barrier could read the positions of a consumer being replaced.
 */
public final class TopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final long MISSING_TOPIC_RETRY_MS = 500;
    private static final long MISSING_TOPIC_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    /** How long a consumer closed to start over may take to end its fetch session. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final AtomicLong READERS = new AtomicLong();

    /** Receives records in offset order per partition; a null value is a tombstone. */
    @FunctionalInterface
    public interface Handler {
        void onRecord(String key, byte[] value);
    }

    /** A {@link Handler} that is also told where each record is in the log. */
    @FunctionalInterface
    public interface PositionedHandler {
        void onRecord(int partition, long offset, String key, byte[] value);
    }

    private final KafkaClients clients;
    private final String topic;
    private final PositionedHandler handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Per partition, the offset of the next record to hand over: everything before it has been handled. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Unique in the process (two services of the all-in-one follow the same topic): metrics and logs tell them apart. */
    private final String clientId;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean healthy = true;
    private Map<TopicPartition, Long> catchUpTarget;
    private Admin admin;

    public TopicReader(KafkaClients clients, String topic, Handler handler) {
        this(clients, topic, (partition, offset, key, value) -> handler.onRecord(key, value));
    }

    public TopicReader(KafkaClients clients, String topic, PositionedHandler handler) {
        this.clients = clients;
        this.topic = topic;
        this.handler = handler;
        this.clientId = "sightline-reader-" + topic + "-" + READERS.incrementAndGet();
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

    /**
     * Waits until every record the topic holds now (its end offsets, asked of the broker) has been
     * handled: after it returns true, the handler has seen everything any writer had written before the
     * call. False on timeout, or when the broker cannot be asked.
     */
    public boolean awaitLatest(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (positions.isEmpty()) {
            return false; // the topic has not been found yet: nothing has been read
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = endOffsets(timeout);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            LOG.warn("Cannot ask for the end offsets of {}: {}", topic, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        synchronized (progress) {
            while (!reached(ends)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !isRunning()) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private Map<TopicPartition, Long> endOffsets(Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = positions.keySet().stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin()
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        found.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin();
        }
        return admin;
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
    }

    /** Whether the reader's thread is still going (false once closed). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** False while the reader is starting over after a failure (for readiness checks). */
    public boolean isHealthy() {
        return healthy && isRunning();
    }

    /** How many times the reader started over after a failure. */
    /** This reader's Kafka client id, unique in the process. */
    public String clientId() {
        return clientId;
    }

    /** Records its handler refused (unreadable, invalid): skipped with a warning, counted here. */
    public long skipped() {
        return skipped.get();
    }

    public long restarts() {
        return restarts.get();
    }

    public String topic() {
        return topic;
    }

    private void run() {
        int failures = 0;
        while (running.get()) {
            try {
                followWithNewConsumer();
            } catch (WakeupException e) {
                if (!running.get()) {
                    wakeWaiters();
                    return;
                }
            } catch (RuntimeException e) {
                healthy = false;
                restarts.incrementAndGet();
                Duration pause = Pause.backoff(FIRST_RETRY, LAST_RETRY, failures++);
                LOG.warn("Reader of {} failed ({}); starting again in {} ms", topic, e.toString(), pause.toMillis());
                Pause.pause(pause, running::get);
                continue;
            }
            failures = 0;
        }
    }

    private void followWithNewConsumer() {
        KafkaConsumer<String, byte[]> attempt = clients.consumer(Map.of(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId));
        try {
            consumer = attempt;
            if (running.get()) {
                follow(attempt, () -> healthy = true);
            }
        } finally {
            // No consumer group: nothing to commit or leave. A polite close ends the fetch session, which waits for
            // the read_committed fetch in flight (up to fetch.max.wait.ms, 500 ms): a reader closed to stop skips it,
            // so that a process with several readers stops in milliseconds, not half a second per reader.
            attempt.close(running.get() ? CLOSE_TIMEOUT : Duration.ZERO);
        }
    }

    private void follow(KafkaConsumer<String, byte[]> kafka, Runnable connected) {
        List<TopicPartition> partitions = partitions(kafka);
        kafka.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long next = positions.get(partition);
            if (next == null) {
                kafka.seekToBeginning(List.of(partition));
            } else {
                kafka.seek(partition, next);
            }
        }
        if (catchUpTarget == null) {
            catchUpTarget = new HashMap<>(kafka.endOffsets(partitions, METADATA_TIMEOUT));
        }
        advance(kafka, partitions);
        checkCaughtUp(kafka);
        connected.run();
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                handle(record);
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            advance(kafka, partitions);
            if (!isCaughtUp()) {
                checkCaughtUp(kafka);
            }
        }
    }

    /**
     * Records how far every partition has been read (past transaction markers too, which carry no
     * record) and wakes {@link #awaitLatest} waiters.
     */
    private void advance(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            positions.put(partition, kafka.position(partition, METADATA_TIMEOUT));
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** The topic's partitions, once it exists: asked again every half second, said every 30 s. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        long saidAt = 0;
        while (running.get()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, METADATA_TIMEOUT);
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
            handler.onRecord(record.partition(), record.offset(), record.key(), record.value());
        } catch (RuntimeException e) {
            skipped.incrementAndGet();
            LOG.warn("Skipped record {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                    record.key(), e.getMessage());
        }
    }

    private void checkCaughtUp(KafkaConsumer<String, byte[]> kafka) {
        catchUpTarget.entrySet().removeIf(entry -> kafka.position(entry.getKey(), METADATA_TIMEOUT) >= entry.getValue());
        if (catchUpTarget.isEmpty()) {
            caughtUp.countDown();
        }
    }

    /** Closes {@code readers} side by side: all are told to stop first, then each is waited for. */
    public static void closeAll(Collection<TopicReader> readers) {
        readers.forEach(TopicReader::stop);
        readers.forEach(TopicReader::close);
    }

    /** Tells the reader to stop without waiting for it (see {@link #closeAll}). */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup(); // a wait for a topic that does not exist yet ends within its half-second pause
        }
    }

    /** Stops the reader and waits (up to 10 s) for its thread to end. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }
}
