package io.sightline.inference;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.Json;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Topics;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One test's infrastructure slice (topic prefix, bucket) and a way to start inference services on it. */
final class ServiceHarness implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final TestInfra infra = TestInfra.get();
    final String kafkaBootstrap;
    final String prefix = infra.uniquePrefix();
    final String bucket = infra.uniqueBucket();
    final String groupId = "inference-" + UUID.randomUUID();
    final Topics topics;
    final ObjectStore store = infra.store(bucket);
    final KafkaProducer<String, byte[]> producer;

    ServiceHarness() {
        this(TestInfra.get().kafkaBootstrap());
    }

    /** A slice whose Kafka is the broker at {@code kafkaBootstrap} (a test's own, to restart it). */
    ServiceHarness(String kafkaBootstrap) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.topics = TestInfra.createTopics(kafkaBootstrap, prefix, 2);
        this.producer = io.sightline.testing.KafkaTestClients.producer(kafkaBootstrap);
        store.ensureBucket();
    }

    /** Starts an inference service (CPU, small pools) on this slice; {@code instance} names its transactional id. */
    ApplicationContext start(String instance) {
        return ApplicationContext.run(EmbeddedServer.class, properties(instance)).getApplicationContext();
    }

    /** The configuration of a service on this slice. */
    Map<String, Object> properties(String instance) {
        Map<String, Object> props = new HashMap<>(infra.micronautProperties(prefix, bucket));
        props.put("kafka.bootstrap.servers", kafkaBootstrap);
        props.put("sightline.inference.provider", "cpu");
        props.put("sightline.inference.intra-op-threads", 1);
        props.put("sightline.inference.decode-threads", 2);
        props.put("sightline.inference.parallel-runs", 2);
        // The run plan is measured (briefly) between batch sizes that still let requests share batches.
        props.put("sightline.inference.plan.measure-seconds", 0.5);
        props.put("sightline.inference.plan.batch-sizes", "8,16");
        props.put("sightline.inference.group-id", groupId);
        props.put("sightline.inference.instance-id", instance);
        props.put("sightline.inference.max-poll-records", 50);
        props.put("sightline.inference.session-timeout", "10s");
        return props;
    }

    static String baseUrl(ApplicationContext context) {
        return context.getBean(EmbeddedServer.class).getURL().toString();
    }

    void publishModel(int version) {
        TinyModels.publish(store, kafkaBootstrap, topics.models(), version, null);
    }

    /** Sends a request for an inline picture; returns its requestId. */
    String sendInline(byte[] picture, Integer topK) {
        String id = UUID.randomUUID().toString();
        send(id, Json.write(new ClassifyRequest(id, null, Base64.getEncoder().encodeToString(picture), topK)));
        return id;
    }

    /** Sends many inline requests without waiting for each; returns their requestIds once all are written. */
    java.util.List<String> sendInlineBatch(int count) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            byte[] picture = TinyModels.picture(TinyModels.LABELS.get(i % 3), i);
            producer.send(new ProducerRecord<>(topics.classifyRequests(), id,
                    Json.write(new ClassifyRequest(id, null, Base64.getEncoder().encodeToString(picture), null))));
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    /** Uploads the picture and sends a request naming it; returns its requestId. */
    String sendStored(byte[] picture) {
        String id = UUID.randomUUID().toString();
        String key = "images/test/" + id;
        store.put(key, picture, "image/png");
        send(id, Json.write(new ClassifyRequest(id, new ObjectRef(bucket, key), null, null)));
        return id;
    }

    void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.classifyRequests(), key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestInfra.ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postRaw(String url, byte[] body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestInfra.ADMIN).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        producer.close();
    }
}
