package io.sightline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Topics;
import io.sightline.storage.ObjectKeys;
import io.sightline.testing.TestInfra;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ready means caught up: the ingest service is not ready, and answers no question from part of the
 * dataset, until its catalog has read {@code sightline.images} to the end.
 */
class CatalogReadinessTest {
    private static final int PICTURES = 10_000;
    private final TestInfra infra = TestInfra.get();

    @Test
    void whileTheImagesTopicCannotBeReadTheServiceIsNotReadyAndAnswers503NeverA404() {
        String prefix = infra.uniquePrefix();
        Map<String, Object> properties = infra.micronautProperties(prefix, infra.uniqueBucket());
        properties.put("sightline.kafka.create-topics", false); // the catalog waits for a topic that is not there
        properties.put("sightline.ingest.catalog-wait", "1s");
        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, properties)
                .getApplicationContext()) {
            IngestClient ingest = IngestClient.of(context);
            IngestClient management = IngestClient.management(context);
            HttpResponse<String> readiness = management.get("/health/readiness");
            assertEquals(503, readiness.statusCode(), readiness.body());
            JsonNode catalog = IngestClient.json(readiness).path("details").path("ingestCatalog");
            assertEquals("DOWN", catalog.path("status").asText(), readiness.body());
            assertTrue(catalog.path("details").path("reason").asText().contains("reading the images topic"),
                    readiness.body());
            assertEquals(503, management.get("/health").statusCode());
            assertEquals(200, management.get("/health/liveness").statusCode());

            String someId = ImageIds.of("a picture that may exist".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> delete = ingest.delete("/api/images/" + someId);
            assertEquals(503, delete.statusCode(), "not a 404: the service cannot know yet; " + delete.body());
            assertEquals("unavailable", IngestClient.json(delete).path("error").path("code").asText());
            assertTrue(IngestClient.json(delete).path("error").path("message").asText().contains("still reading"),
                    delete.body());
            assertEquals(503, ingest.get("/api/labels").statusCode());

            infra.createTopics(prefix, 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> management.get("/health/readiness").statusCode() == 200);
            assertEquals(200, management.get("/health").statusCode());
            assertEquals(404, ingest.delete("/api/images/" + someId).statusCode(), "now it knows");
        }
    }

    @Test
    void aServiceStartedOnAFullTopicAnswersFromTheWholeDatasetFromItsFirstRequest() throws Exception {
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        Topics topics = infra.createTopics(prefix, 2);
        String last = publish(topics.images(), bucket);

        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class,
                infra.micronautProperties(prefix, bucket)).getApplicationContext()) {
            IngestClient ingest = IngestClient.of(context);
            IngestClient management = IngestClient.management(context);
            HttpResponse<String> delete = ingest.delete("/api/images/" + last);
            assertEquals(200, delete.statusCode(), "the last picture of the topic exists: " + delete.body());
            JsonNode labels = IngestClient.json(ingest.get("/api/labels"));
            int total = 0;
            for (JsonNode count : labels) {
                total += count.asInt();
            }
            assertEquals(PICTURES - 1, total, labels.toString());
            HttpResponse<String> readiness = management.get("/health/readiness");
            assertEquals(200, readiness.statusCode(), readiness.body());
            assertEquals(PICTURES - 1, IngestClient.json(readiness).path("details").path("ingestCatalog")
                    .path("details").path("pictures").asInt(), readiness.body());
        }
    }

    /**
     * Publishes {@link #PICTURES} labelled-image events; returns the imageId of the last. One request in
     * flight, not idempotent: the partitions were just created, and their first answers may be "not the
     * leader yet", which this producer simply retries in order.
     */
    private String publish(String topic, String bucket) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        String imageId = null;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < PICTURES; i++) {
                imageId = ImageIds.of(("picture " + i).getBytes(StandardCharsets.UTF_8));
                LabelledImage image = new LabelledImage(imageId, "label-" + i % 7,
                        new ObjectRef(bucket, ObjectKeys.image(imageId)), "image/png", 10, 10, 100, "p" + i + ".png",
                        Instant.EPOCH);
                sent.add(producer.send(new ProducerRecord<>(topic, imageId, Json.write(image))));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        }
        return imageId;
    }
}
