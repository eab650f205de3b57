package io.sightline.inference;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.testing.KafkaTestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/** Reads a topic (read_committed, from the beginning) in the background and keeps every record. */
final class ResultCollector implements AutoCloseable {
    private final Map<String, List<ClassifyResult>> byRequest = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final boolean results;
    /** Why the reading thread stopped early, if it did. */
    private volatile Throwable failure;
    /** Records whose value is not a result, with where they are. */
    private final List<String> unreadable = new CopyOnWriteArrayList<>();
    /** Per partition, the offset after the last record read. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    private ResultCollector(String bootstrap, String topic, boolean results) {
        this.results = results;
        KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(bootstrap);
        consumer.subscribe(List.of(topic));
        this.thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        records.add(record);
                        // Where the reader stands, from what it read (asking the consumer could block on a broker restart).
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        if (this.results) {
                            keep(record);
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
                e.printStackTrace(); // also said where the thread's end would have been before
            }
        }, "collector-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void keep(ConsumerRecord<String, byte[]> record) {
        try {
            ClassifyResult result = Json.read(record.value(), ClassifyResult.class);
            byRequest.computeIfAbsent(result.requestId(), id -> new CopyOnWriteArrayList<>()).add(result);
        } catch (RuntimeException e) {
            unreadable.add(record.partition() + "@" + record.offset() + ": " + e.getMessage());
        }
    }

    static ResultCollector results(String bootstrap, String topic) {
        return new ResultCollector(bootstrap, topic, true);
    }

    static ResultCollector raw(String bootstrap, String topic) {
        return new ResultCollector(bootstrap, topic, false);
    }

    /** A wait of at most {@code limit} that fails at once when the reader stopped or read something not a result. */
    private ConditionFactory awaitReading(Duration limit) {
        return Awaitility.await().atMost(limit)
                .failFast("the result reader stopped or read something that is not a result",
                        () -> failure != null || !unreadable.isEmpty());
    }

    ClassifyResult await(String requestId) {
        awaitReading(Duration.ofSeconds(60)).until(() -> byRequest.containsKey(requestId));
        return byRequest.get(requestId).get(0);
    }

    void awaitAll(Collection<String> requestIds) {
        awaitAll(requestIds, () -> "");
    }

    /**
     * Waits (120 s) until every request has a result; a timeout, a stopped reader or an unreadable result fails
     * with what is missing, where the reader stands, and {@code diagnosis} (the broker's side of the story).
     */
    void awaitAll(Collection<String> requestIds, Supplier<String> diagnosis) {
        try {
            awaitReading(Duration.ofSeconds(120)).until(() -> byRequest.keySet().containsAll(requestIds));
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            List<String> missing = requestIds.stream().filter(id -> !byRequest.containsKey(id)).toList();
            throw new AssertionError(missing.size() + " of " + requestIds.size() + " requests have no result ("
                    + e.getMessage() + "); first missing " + missing.stream().limit(3).toList() + "; reader: "
                    + records.size() + " records, positions " + positions + ", unreadable " + unreadable
                    + ", stopped by " + failure + "; " + diagnosis.get(), e);
        }
    }

    List<ClassifyResult> resultsFor(String requestId) {
        return byRequest.getOrDefault(requestId, List.of());
    }

    Map<String, List<ClassifyResult>> all() {
        return byRequest;
    }

    List<ConsumerRecord<String, byte[]>> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
