package io.sightline.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.sightline.contract.Embedding;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.image.ImagePipeline;
import io.sightline.kafka.DeadLetters;
import io.sightline.kafka.KafkaClients;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.FeatureExtractor;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds pictures as they arrive. A consumer group per backbone ({@code sightline-trainer-embed-<id>})
 * on {@code sightline.images} splits the work by partition across trainer replicas; each picture not
 * yet in the feature cache is embedded and published to the compacted embeddings topic before the
 * offsets are committed. The replica that holds partition 0 is the leader that trains.
 */
@Context
public class EmbeddingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingWorker.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private final Backbone backbone;
    private final FeatureCache cache;
    private final Followers followers;
    private final String embeddingsTopic;
    private final String imagesTopic;
    private final String dlqTopic;
    private final List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
    private final KafkaClients kafka;
    private final String group;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final FeatureExtractor extractor;
    private final ExecutorService decodePool;
    private final Embedder embedder;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Counter computed;
    private final Counter cached;
    private final Thread thread;

    EmbeddingWorker(KafkaClients kafka, Topics topics, Backbone backbone, FeatureCache cache,
                    Followers followers, ObjectStore store, ImagePipeline pipeline, SessionConfig sessionConfig,
                    TrainerConfig config, MeterRegistry registry) {
        this.backbone = backbone;
        this.cache = cache;
        this.followers = followers;
        this.embeddingsTopic = topics.embeddings();
        this.imagesTopic = topics.images();
        this.dlqTopic = topics.dlq();
        this.extractor = FeatureExtractor.open(backbone, sessionConfig);
        this.decodePool = Executors.newFixedThreadPool(Math.max(1, config.decodeThreads()), daemon("embed-decode"));
        this.embedder = new Embedder(extractor, store, pipeline, decodePool, Math.max(1, config.embedBatch()));
        this.producer = kafka.producer("sightline-trainer-embeddings", null);
        this.kafka = kafka;
        this.group = config.embedGroup() == null || config.embedGroup().isBlank() ? groupId(backbone) : config.embedGroup();
        this.computed = Counter.builder("sightline.trainer.embeddings").tag("source", "computed")
                .description("Embeddings computed by this replica").register(registry);
        this.cached = Counter.builder("sightline.trainer.embeddings").tag("source", "cached")
                .description("Pictures whose embedding was already in the cache").register(registry);
        this.thread = daemon("embedding-worker").newThread(this::run);
        this.thread.start();
    }

    public static String groupId(Backbone backbone) {
        return "sightline-trainer-embed-" + backbone.id();
    }

    /** True when this replica holds partition 0 of the images topic in the embedding group: the leader. */
    public boolean isLeader() {
        return owned.stream().anyMatch(partition -> partition.partition() == 0);
    }

    /** Pictures that could not be embedded, with the reason. */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    private void run() {
        while (running.get() && !followers.awaitCaughtUp(Duration.ofSeconds(1))) {
            LOG.debug("Waiting for the feature cache to load before embedding");
        }
        while (running.get()) {
            try (KafkaConsumer<String, byte[]> attempt = newConsumer()) {
                consumer = attempt;
                attempt.subscribe(List.of(imagesTopic), new Ownership());
                pollUntilStopped(attempt);
            } catch (WakeupException e) {
                if (running.get()) {
                    LOG.warn("Embedding consumer woken up unexpectedly; starting a new one");
                }
            } catch (RuntimeException e) {
                // Nothing was committed for the pictures in hand: a new consumer starts from the committed offsets.
                LOG.error("Embedding failed ({}); retrying in {} s", e.toString(), RETRY_DELAY.toSeconds());
                pause();
            } finally {
                owned.clear();
            }
        }
    }

    private void pollUntilStopped(KafkaConsumer<String, byte[]> attempt) {
        while (running.get()) {
            List<LabelledImage> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : attempt.poll(Duration.ofMillis(500))) {
                parse(record).ifPresent(batch::add);
            }
            embedMissing(batch);
            awaitAll(deadLetters);
            deadLetters.clear();
            attempt.commitSync();
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return kafka.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
    }

    private void pause() {
        long until = System.nanoTime() + RETRY_DELAY.toNanos();
        while (running.get() && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A labelled image, or nothing for a tombstone or for a record that is not one: that record goes to
     * {@code sightline.dlq} with the reason (it can never succeed) and the worker goes on.
     */
    private java.util.Optional<LabelledImage> parse(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.read(record.value(), LabelledImage.class));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}-{}@{} is not a labelled image ({}); sent to {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage(), dlqTopic);
            deadLetters.add(producer.send(DeadLetters.of(dlqTopic, record, e.getMessage())));
            return java.util.Optional.empty();
        }
    }

    void embedMissing(List<LabelledImage> images) {
        List<LabelledImage> missing = new ArrayList<>();
        for (LabelledImage image : images) {
            if (cache.contains(backbone.id(), image.imageId()) || missing.stream()
                    .anyMatch(m -> m.imageId().equals(image.imageId()))) {
                cached.increment();
            } else {
                missing.add(image);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Embedder.Result result = embedder.embed(missing);
        failures.putAll(result.failures());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        result.vectors().forEach((imageId, vector) -> {
            Embedding embedding = Embedding.of(backbone.id(), imageId, vector);
            sent.add(producer.send(new ProducerRecord<>(embeddingsTopic, embedding.key(), Json.write(embedding))));
            cache.put(embedding);
            computed.increment();
        });
        awaitAll(sent);
        LOG.info("Embedded {} picture(s) with {}", result.vectors().size(), backbone.id());
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing embeddings", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Kafka did not accept an embedding: " + e.getCause(), e);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @PreDestroy
    void close() throws InterruptedException {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(60_000);
        producer.close(Duration.ofSeconds(5));
        decodePool.shutdownNow();
        if (thread.isAlive()) {
            // Still inside ONNX Runtime: closing its session under a run could crash the JVM; the process is ending.
            LOG.warn("Embedding worker still busy at shutdown; leaving its ONNX Runtime session to the process exit");
        } else {
            extractor.close();
        }
    }

    /** Tracks which partitions this replica owns. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned.addAll(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
        }
    }
}
