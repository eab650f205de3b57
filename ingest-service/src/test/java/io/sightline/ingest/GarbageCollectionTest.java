package io.sightline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Topics;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No orphans: picture bytes in S3 that no event names (an upload whose event the broker refused, a
 * picture removed from the dataset) are listed by {@code POST /api/gc} and removed with
 * {@code dryRun=false}; a retried upload publishes its event and its bytes are no orphan any more.
 */
class GarbageCollectionTest {
    private final TestInfra infra = TestInfra.get();

    @Test
    void bytesNoEventNamesAreListedThenRemovedAndThoseOfPicturesInTheDatasetAreKept() {
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        try (ApplicationContext context = start(prefix, bucket, "0s")) {
            IngestClient ingest = IngestClient.of(context);
            ObjectStore store = infra.store(bucket);
            byte[] kept = TestImages.png(Color.GREEN, 40, 40, 801);
            byte[] removed = TestImages.png(Color.RED, 40, 40, 802);
            byte[] neverAnnounced = TestImages.jpeg(Color.BLUE, 40, 40, 803);
            assertEquals(201, ingest.upload(kept, "keep", "kept.png").statusCode());
            assertEquals(201, ingest.upload(removed, "gone", "removed.png").statusCode());
            String removedId = ImageIds.of(removed);
            assertEquals(200, ingest.getBytes("/api/images/" + removedId + "/thumbnail").statusCode());
            assertEquals(200, ingest.delete("/api/images/" + removedId).statusCode());
            assertEquals(404, ingest.getBytes("/api/images/" + removedId + "/thumbnail").statusCode(),
                    "the cached thumbnail went with the picture");
            // An upload whose bytes were stored but whose event never reached Kafka leaves exactly this.
            store.put(ObjectKeys.image(ImageIds.of(neverAnnounced)), neverAnnounced, "image/jpeg");
            Set<String> orphans = Set.of(ObjectKeys.image(removedId), ObjectKeys.image(ImageIds.of(neverAnnounced)));

            JsonNode dryRun = gc(ingest, "");
            assertTrue(dryRun.path("dryRun").asBoolean());
            assertEquals(orphans, keys(dryRun));
            assertEquals(1, dryRun.path("named").asInt(), dryRun.toString());
            assertEquals(0, dryRun.path("deleted").asInt());
            assertEquals(removed.length + neverAnnounced.length, dryRun.path("orphanBytes").asLong());
            assertTrue(orphans.stream().allMatch(store::exists), "a dry run removes nothing");

            try (ApplicationContext patient = start(prefix, bucket, "1h")) {
                JsonNode young = gc(IngestClient.of(patient), "?dryRun=false");
                assertEquals(Set.of(), keys(young), "objects younger than the grace period are kept: " + young);
                assertEquals(2, young.path("young").asInt(), young.toString());
                assertEquals("PT1H", young.path("grace").asText());
                assertTrue(orphans.stream().allMatch(store::exists));
            }

            JsonNode collected = gc(ingest, "?dryRun=false");
            assertEquals(2, collected.path("deleted").asInt(), collected.toString());
            assertFalse(orphans.stream().anyMatch(store::exists), "the orphans are gone");
            assertArrayEquals(kept, ingest.getBytes("/api/images/" + ImageIds.of(kept)).body());
            assertEquals(Set.of(), keys(gc(ingest, "")));

            HttpResponse<String> again = ingest.upload(removed, "gone", "removed.png");
            assertEquals(201, again.statusCode(), "a removed picture can come back: " + again.body());
            assertArrayEquals(removed, ingest.getBytes("/api/images/" + removedId).body());
            assertEquals(400, ingest.post("/api/gc?dryRun=maybe").statusCode());
        }
    }

    @Test
    void anUploadWhoseEventTheBrokerRefusedLeavesAnOrphanUntilItsRetryPublishes() throws Exception {
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        Topics topics = new Topics(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            // The broker refuses every labelled-image event (too large) until the limit is raised.
            admin.createTopics(List.of(new NewTopic(topics.images(), 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64")))).all().get();
            try (ApplicationContext context = start(prefix, bucket, "0s")) {
                IngestClient ingest = IngestClient.of(context);
                byte[] picture = TestImages.png(Color.CYAN, 30, 30, 901);
                String key = ObjectKeys.image(ImageIds.of(picture));

                HttpResponse<String> refused = ingest.upload(picture, "sky", "sky.png");
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("safe to retry"), refused.body());
                assertTrue(infra.store(bucket).exists(key), "the bytes were stored before the event was refused");
                assertEquals(Set.of(key), keys(gc(ingest, "")));

                ConfigResource images = new ConfigResource(ConfigResource.Type.TOPIC, topics.images());
                admin.incrementalAlterConfigs(Map.of(images, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"), AlterConfigOp.OpType.SET))))
                        .all().get();
                HttpResponse<String> retried = retryUntilAccepted(ingest, picture);
                assertEquals(201, retried.statusCode(), retried.body());
                assertEquals("added", IngestClient.json(retried).path("outcome").asText());
                JsonNode after = gc(ingest, "");
                assertEquals(Set.of(), keys(after), after.toString());
                assertEquals(1, after.path("named").asInt());
            }
        }
    }

    /** The broker applies a raised topic limit a moment after it confirms it: the client retries, as told. */
    private static HttpResponse<String> retryUntilAccepted(IngestClient ingest, byte[] picture) {
        HttpResponse<String>[] last = new HttpResponse[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            last[0] = ingest.upload(picture, "sky", "sky.png");
            return last[0].statusCode() != 503;
        });
        return last[0];
    }

    private ApplicationContext start(String prefix, String bucket, String grace) {
        Map<String, Object> properties = infra.micronautProperties(prefix, bucket);
        properties.put("sightline.ingest.gc-grace", grace);
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    private static JsonNode gc(IngestClient ingest, String query) {
        HttpResponse<String> response = ingest.post("/api/gc" + query);
        assertEquals(200, response.statusCode(), response.body());
        return IngestClient.json(response);
    }

    private static Set<String> keys(JsonNode report) {
        Set<String> keys = new TreeSet<>();
        report.path("objects").forEach(object -> keys.add(object.path("key").asText()));
        return keys;
    }
}
