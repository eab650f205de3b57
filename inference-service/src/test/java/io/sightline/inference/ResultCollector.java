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

import org.awaitility.Awaitility;

/** Reads a topic (read_committed, from the beginning) in the background and keeps every record. */
final class ResultCollector implements AutoCloseable {
    private final Map<String, List<ClassifyResult>> byRequest = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final boolean results;

    private ResultCollector(String bootstrap, String topic, boolean results) {
        this.results = results;
        KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(bootstrap);
        consumer.subscribe(List.of(topic));
        this.thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        records.add(record);
                        if (this.results) {
                            ClassifyResult result = Json.read(record.value(), ClassifyResult.class);
                            byRequest.computeIfAbsent(result.requestId(), id -> new CopyOnWriteArrayList<>()).add(result);
                        }
                    }
                }
            }
        }, "collector-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    static ResultCollector results(String bootstrap, String topic) {
        return new ResultCollector(bootstrap, topic, true);
    }

    static ResultCollector raw(String bootstrap, String topic) {
        return new ResultCollector(bootstrap, topic, false);
    }

    ClassifyResult await(String requestId) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> byRequest.containsKey(requestId));
        return byRequest.get(requestId).get(0);
    }

    void awaitAll(Collection<String> requestIds) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> byRequest.keySet().containsAll(requestIds));
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
