package io.sightline.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Context;
import io.sightline.contract.Embedding;
import io.sightline.contract.EmbeddingFailure;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.runtime.TopicReaders;
import io.sightline.kafka.TopicReader;
import io.sightline.onnx.Backbone;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;

/**
 * Rebuilds the trainer's state from Kafka after every start: the dataset from {@code images}, the
 * feature cache (this backbone's embeddings) from {@code embeddings}, the serving model from
 * {@code models}.
 */
@Context
public class Followers {
    private final List<TopicReader> readers;
    private final long startedNanos = System.nanoTime();

    Followers(TopicReaders topicReaders, Topics topics, Dataset dataset, FeatureCache cache,
              ServingModel serving, Backbone backbone, TrainerConfig config) {
        String embeddingPrefix = backbone.id() + "/";
        this.readers = List.of(
                topicReaders.follow(topics.images(), (key, value) -> {
                    dataset.apply(key, value == null ? null : Json.read(value, LabelledImage.class));
                    if (value == null) {
                        cache.remove(Embedding.key(backbone.id(), key));
                    }
                }),
                topicReaders.follow(topics.embeddings(), (key, value) -> {
                    if (key == null || !key.startsWith(embeddingPrefix)) {
                        return;
                    }
                    if (value == null) {
                        cache.remove(key);
                    } else {
                        embeddingRecord(value, backbone, cache);
                    }
                }),
                topicReaders.follow(topics.models(), (key, value) -> {
                    if (value != null && config.modelName().equals(key)) {
                        serving.offer(Json.read(value, ModelPublished.class));
                    }
                }));
    }

    /**
     * An embedding (only of this backbone's width: a vector of another width could never be trained on,
     * and the picture is embedded again instead) or a picture that can never be embedded.
     */
    private static void embeddingRecord(byte[] value, Backbone backbone, FeatureCache cache) {
        JsonNode tree = Json.readTree(value);
        if (tree.has("reason")) {
            cache.fail(Json.read(tree, EmbeddingFailure.class));
            return;
        }
        Embedding embedding = Json.read(tree, Embedding.class);
        if (embedding.dimension() != backbone.featureDimension()) {
            throw new IllegalArgumentException("embedding of width " + embedding.dimension() + " for a backbone of width "
                    + backbone.featureDimension() + "; the picture is embedded again");
        }
        cache.put(embedding);
    }

    /** Waits until every topic has been read up to where it was at start. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TopicReader reader : readers) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!reader.awaitCaughtUp(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** When the readers started, for measuring how long rebuilding the state takes. */
    public long startedNanos() {
        return startedNanos;
    }

    @PreDestroy
    void close() {
        TopicReader.closeAll(readers);
    }
}
