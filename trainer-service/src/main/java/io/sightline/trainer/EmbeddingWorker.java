package io.sightline.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.contract.Embedding;
import io.sightline.contract.EmbeddingFailure;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.micronaut.core.annotation.Nullable;
import io.sightline.image.DecodedPictures;
import io.sightline.image.ImagePipeline;
import io.sightline.kafka.DeadLetters;
import io.sightline.kafka.EventProducer;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.FeatureExtractor;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds pictures as they arrive (fed by {@link EmbeddingListener}, which owns the Kafka side): each
 * picture not yet in the feature cache is embedded and published to the compacted embeddings topic,
 * and {@link #embed} returns only once the broker has acknowledged every embedding and dead letter,
 * so the listener commits nothing that is not safe. The replica that holds partition 0 of the images
 * topic in the embedding group is the leader that trains.
 */
@Singleton
public class EmbeddingWorker {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingWorker.class);

    private final Backbone backbone;
    private final FeatureCache cache;
    private final EventProducer producer;
    private final String embeddingsTopic;
    private final String dlqTopic;
    private final SessionConfig sessionConfig;
    /** The backbone's session; null while closed for a training or still opening (guarded by {@link #running}). */
    private FeatureExtractor extractor;
    /** The first opening of the session, beside the start-up; taken by the first picture (guarded by {@link #running}). */
    private final BackgroundOpening<FeatureExtractor> opening;
    private final ExecutorService decodePool;
    /** One per embedding run going at once ({@code sightline.trainer.embed-runs}). */
    private final List<PictureBatches> lanes;
    /** Runs every lane but the first (which runs on the embedding thread); null with one lane. */
    private final ExecutorService lanesPool;
    private final TrainingLease lease;
    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean closed;
    private final Counter computed;
    private final Counter cached;
    private final Counter failedBatches;
    private final Counter deadLetters;

    EmbeddingWorker(Topics topics, Backbone backbone, FeatureCache cache, EventProducer producer, ObjectStore store,
                    ImagePipeline pipeline, SessionConfig sessionConfig, TrainerConfig config, MeterRegistry registry,
                    @Nullable DecodedPictures decoded) {
        this.backbone = backbone;
        this.cache = cache;
        this.producer = producer;
        this.lease = new TrainingLease(config.role());
        this.embeddingsTopic = topics.embeddings();
        this.dlqTopic = topics.dlq();
        // Several runs at once share the session: each runs on its own thread, single-threaded (runs on one session
        // would otherwise share its one intra-op pool). Calibration and int8 evaluation keep the configured threads.
        this.sessionConfig = config.embedRuns() > 1 ? sessionConfig.withIntraOpThreads(1) : sessionConfig;
        // Opened beside the rest of the start-up (seconds for a ResNet-50): the first picture to embed waits for it.
        this.opening = new BackgroundOpening<>(() -> FeatureExtractor.open(backbone, this.sessionConfig),
                "the ONNX Runtime session of " + backbone.id(), "backbone-session-open");
        this.decodePool = Executors.newFixedThreadPool(Math.max(1, config.decodeThreads()),
                io.sightline.concurrent.Threads.daemonFactory("embed-decode"));
        if (decoded != null) {
            decoded.want(backbone.preprocessing()); // the all-in-one's ingest service hands over what it decoded
        }
        List<PictureBatches> lanes = new ArrayList<>();
        for (int lane = 0; lane < config.embedRuns(); lane++) {
            lanes.add(new PictureBatches(store, pipeline, decodePool, backbone.preprocessing(),
                    Math.max(1, config.embedBatch()), decoded));
        }
        this.lanes = List.copyOf(lanes);
        this.lanesPool = config.embedRuns() == 1 ? null : Executors.newFixedThreadPool(config.embedRuns() - 1,
                io.sightline.concurrent.Threads.daemonFactory("embed-run"));
        this.computed = Counter.builder("sightline.trainer.embeddings").tag("source", "computed")
                .description("Embeddings computed by this replica").register(registry);
        this.cached = Counter.builder("sightline.trainer.embeddings").tag("source", "cached")
                .description("Pictures whose embedding was already in the cache").register(registry);
        this.failedBatches = Counter.builder("sightline.trainer.embedding.failed.batches")
                .description("Batches that failed (S3 or Kafka did not answer) and are read again").register(registry);
        this.deadLetters = Counter.builder("sightline.dlq.writes").tag("source", "embedding")
                .description("Records written to the DLQ").register(registry);
    }

    /**
     * True when this replica may train now: role {@code all}, its state loaded and partition 0 of the images
     * topic held in the embedding group; role {@code head}, its state loaded; role {@code embed}, never.
     */
    public boolean isLeader() {
        return lease.isHeld();
    }

    /** Runs a training while this replica is the leader; empty when it is not (see {@link TrainingLease}). */
    public <T> Optional<T> whileLeader(java.util.function.Supplier<T> training) {
        return lease.whileHeld(training);
    }

    /** The id embeddings of this worker are computed with (the committed offsets carry it). */
    public String backboneId() {
        return backbone.id();
    }

    void started() {
        lease.ready();
    }

    void assigned(Collection<TopicPartition> partitions) {
        lease.assigned(partitions);
    }

    void revoked(Collection<TopicPartition> partitions) {
        lease.revoked(partitions);
    }

    void lost(Collection<TopicPartition> partitions) {
        lease.lost(partitions);
    }

    /**
     * Embeds the labelled images among {@code records} that are not in the cache yet; records that are
     * not labelled images go to {@code sightline.dlq} with the reason (they can never succeed);
     * tombstones are skipped. Throws when Kafka did not acknowledge everything: nothing may be committed.
     */
    public void embed(List<ConsumerRecord<String, byte[]>> records) {
        running.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedding worker is closed");
            }
            embedOrCount(records);
        } finally {
            running.unlock();
        }
    }

    private void embedOrCount(List<ConsumerRecord<String, byte[]>> records) {
        try {
            embedAll(records);
        } catch (RuntimeException e) {
            failedBatches.increment();
            throw e;
        }
    }

    private void embedAll(List<ConsumerRecord<String, byte[]>> records) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        Map<String, LabelledImage> missing = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            parse(record, sent).ifPresent(image -> {
                if (cache.contains(backbone.id(), image.imageId()) || missing.containsKey(image.imageId())) {
                    cached.increment();
                } else {
                    missing.put(image.imageId(), image);
                }
            });
        }
        Embedded embedded = embedMissing(List.copyOf(missing.values()), sent);
        awaitAll(sent);
        // Only acknowledged embeddings enter the cache: one lost in an outage is embedded again on retry.
        embedded.embeddings().forEach(cache::put);
        embedded.failures().forEach(cache::fail);
    }

    private Optional<LabelledImage> parse(ConsumerRecord<String, byte[]> record, List<CompletableFuture<?>> sent) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(record.value(), LabelledImage.class));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}-{}@{} is not a labelled image ({}); sent to {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage(), dlqTopic);
            sent.add(producer.sendDeadLetter(dlqTopic, record.key(), record.value(),
                    DeadLetters.headers(record, e.getMessage())));
            deadLetters.increment();
            return Optional.empty();
        }
    }

    /** What one batch produced: embeddings, and failures (also published, so that a restart knows them). */
    private record Embedded(List<Embedding> embeddings, List<EmbeddingFailure> failures) {
    }

    private Embedded embedMissing(List<LabelledImage> missing, List<CompletableFuture<?>> sent) {
        if (missing.isEmpty()) {
            return new Embedded(List.of(), List.of());
        }
        Embedder.Result result = embedder().embed(missing);
        List<Embedding> embeddings = new ArrayList<>();
        result.vectors().forEach((imageId, vector) -> {
            Embedding embedding = Embedding.of(backbone.id(), imageId, vector);
            sent.add(producer.sendAsync(embeddingsTopic, embedding.key(), Json.write(embedding)));
            embeddings.add(embedding);
            computed.increment();
        });
        List<EmbeddingFailure> failures = new ArrayList<>();
        result.failures().forEach((imageId, reason) -> {
            EmbeddingFailure failure = new EmbeddingFailure(backbone.id(), imageId, reason);
            sent.add(producer.sendAsync(embeddingsTopic, failure.key(), Json.write(failure)));
            failures.add(failure);
        });
        LOG.info("Embedded {} picture(s) with {}", result.vectors().size(), backbone.id());
        return new Embedded(embeddings, failures);
    }

    private Embedder embedder() {
        return new Embedder(openSession(), lanes, lanesPool == null ? Runnable::run : lanesPool);
    }

    /** The backbone's session, opened again after {@link #closeSession()}; called under {@link #running}. */
    private FeatureExtractor openSession() {
        if (extractor == null && opening.pending()) {
            extractor = opening.take();
        }
        if (extractor == null) {
            extractor = FeatureExtractor.open(backbone, sessionConfig);
            LOG.info("Opened the ONNX Runtime session of {} again", backbone.id());
        }
        return extractor;
    }

    /**
     * Waits for a first opening still under way, so that a close finds the session; a failed one is dropped (not
     * opened again only to be closed: the next picture opens the session).
     */
    private void settleOpening() {
        if (extractor == null && opening.pending()) {
            extractor = opening.takeIfOpened().orElse(null);
        }
    }

    /**
     * Closes the backbone's ONNX Runtime session until the next picture to embed opens it again (after a running
     * batch): its weights and arena are not needed while a training runs, and the training (the end-to-end model
     * built and, in one process, loaded by the inference service) needs the memory.
     */
    public void closeSession() {
        running.lock();
        try {
            settleOpening();
            if (extractor != null && !closed) {
                extractor.close();
                extractor = null;
                LOG.info("Closed the ONNX Runtime session of {} until the next picture", backbone.id());
            }
        } finally {
            running.unlock();
        }
    }

    /** Whether the backbone's session is open now. */
    public boolean sessionOpen() {
        running.lock();
        try {
            return extractor != null || opening.pending();
        } finally {
            running.unlock();
        }
    }

    private static void awaitAll(List<CompletableFuture<?>> sent) {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing embeddings", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not accept an embedding: " + e.getCause(), e);
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        try {
            if (running.tryLock(60, TimeUnit.SECONDS)) {
                try {
                    closed = true;
                    settleOpening();
                    if (extractor != null) {
                        extractor.close();
                    }
                } finally {
                    running.unlock();
                }
            } else {
                // Still inside ONNX Runtime: closing its session under a run could crash the JVM; the process is ending.
                LOG.warn("Embedding worker still busy at shutdown; leaving its ONNX Runtime session to the process exit");
            }
        } finally {
            decodePool.shutdownNow();
            if (lanesPool != null) {
                lanesPool.shutdownNow();
            }
        }
    }
}
