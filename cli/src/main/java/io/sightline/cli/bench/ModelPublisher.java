package io.sightline.cli.bench;

import io.sightline.cli.client.Waits;

import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.Json;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Topics;
import io.sightline.contract.TrainedOn;
import io.sightline.kafka.KafkaClients;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a model as the trainer does (model.onnx and head.onnx in S3, then ModelPublished on the
 * models topic) and waits until the inference service serves it.
 */
final class ModelPublisher {
    private final ObjectStore store;
    private final String kafkaBootstrap;
    private final SightlineClient client;

    ModelPublisher(ObjectStore store, String kafkaBootstrap, SightlineClient client) {
        this.store = store;
        this.kafkaBootstrap = kafkaBootstrap;
        this.client = client;
    }

    void publish(BenchModel model, int version, Duration timeout) {
        String name = ModelPublished.DEFAULT_NAME;
        store.put(ObjectKeys.head(name, version), model.head(), "application/octet-stream");
        store.put(ObjectKeys.model(name, version), model.model(), "application/octet-stream");
        ModelPublished event = new ModelPublished(name, version, ObjectRef.of(store.bucket(), ObjectKeys.model(name, version)),
                model.sha256(), model.labels(), model.backbone().info(), new ModelMetrics(0, 0, 0, 0, 0),
                new TrainedOn(0, 0, 0), Instant.now());
        try (KafkaProducer<String, byte[]> producer = KafkaClients.plaintext(kafkaBootstrap).producer("sightline-bench-models", null)) {
            producer.send(new ProducerRecord<>(Topics.defaults().models(), name, Json.write(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the model", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the model: " + e.getCause().getMessage(), e);
        }
        awaitServed(client, version, timeout);
    }

    /** Waits until GET /api/model reports at least {@code version}; returns the version served. */
    static int awaitServed(SightlineClient client, int version, Duration timeout) {
        return Waits.until("model version " + version + " to be served (GET /api/model)", timeout, Duration.ofMillis(20),
                () -> client.servedVersion().filter(v -> v >= version));
    }
}
