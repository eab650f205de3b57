package io.sightline.trainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.Embedding;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.embedded.EmbeddedS3;
import io.sightline.embedded.S3Credentials;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The object store stopped while pictures wait to be embedded: the embedding batches fail and are
 * read again, nothing is committed meanwhile, and once S3 is back every picture is embedded and the
 * model is trained on all of them.
 */
class TrainerFaultsTest {
    private static final Map<String, Color> COLOURS = Map.of("red", new Color(200, 30, 30),
            "blue", new Color(30, 40, 200));
    private static final S3Credentials CREDENTIALS = new S3Credentials("outage-test", "outage-test-secret");

    @Test
    void anS3OutageDuringEmbeddingLosesNothingAndTrainingResumes() throws Exception {
        TestInfra infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        Topics topics = infra.createTopics(prefix, 2);
        Path s3Dir = TestInfra.tempDir("outage-s3");
        EmbeddedS3 s3 = EmbeddedS3.start(s3Dir, 0, CREDENTIALS);
        int port = Integer.parseInt(s3.endpoint().substring(s3.endpoint().lastIndexOf(':') + 1).replace("/", ""));
        ObjectStore store = ObjectStore.connect(s3.endpoint(), CREDENTIALS.accessKey(), CREDENTIALS.secretKey(),
                "us-east-1", "outage");
        store.ensureBucket();
        List<LabelledImage> images = new ArrayList<>();
        for (String label : COLOURS.keySet()) {
            for (int i = 0; i < 8; i++) {
                images.add(stored(store, label, i));
            }
        }
        ApplicationContext trainer = ApplicationContext.run(EmbeddedServer.class, properties(infra, prefix, s3.endpoint()))
                .getApplicationContext();
        try {
            s3.close();
            images.forEach(image -> KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), image.imageId(),
                    Json.write(image)));
            MeterRegistry meters = trainer.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("sightline.trainer.embedding.failed.batches")
                    .count() > 0);
            assertEquals(0.0, meters.counter("sightline.trainer.embeddings", "source", "computed").count(),
                    "nothing embedded while S3 is down");

            s3 = EmbeddedS3.start(s3Dir, port, CREDENTIALS);
            ModelRegistry registry = trainer.getBean(ModelRegistry.class);
            ModelRecord first = await().atMost(Duration.ofSeconds(120)).until(() -> registry.find(1).orElse(null),
                    java.util.Objects::nonNull);
            assertEquals(images.size(), first.trainedOn().images() + first.trainedOn().validation()
                    + first.trainedOn().test(), "every picture made it into the model");
            assertEquals(0, trainer.getBean(FeatureCache.class).failureCount(),
                    "an outage is not a reason to give a picture up");
        } finally {
            trainer.close();
            s3.close();
        }
    }

    @Test
    void twoTrainerReplicasPublishStrictlyIncreasingVersionsWhoseBytesMatch() throws Exception {
        TestInfra infra = TestInfra.get();
        Slice slice = Slice.create(infra);
        Topics topics = slice.topics();
        ObjectStore store = slice.store();
        Map<String, Object> properties = slice.properties();
        List<LabelledImage> images = new ArrayList<>();
        ApplicationContext first = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        Map<String, Object> secondProperties = new HashMap<>(properties);
        secondProperties.put("endpoints.all.port", io.sightline.embedded.Ports.free()); // a management port of its own
        ApplicationContext second = ApplicationContext.run(EmbeddedServer.class, secondProperties).getApplicationContext();
        try {
            publishRound(infra, topics, store, images, 0);
            awaitPublished(infra, topics, 1);
            publishRound(infra, topics, store, images, 1);
            awaitPublished(infra, topics, 2);
            assertEquals(ModelPromotion.Outcome.NOT_LEADER, follower(first, second).getBean(ModelPromotion.class)
                    .promote(1, "test").outcome(), "only the replica that trains announces versions");
            first.close(); // its partitions, partition 0 included, go to the second replica
            publishRound(infra, topics, store, images, 2);
            List<ModelPublished> published = awaitPublished(infra, topics, 3);
            for (int i = 0; i < published.size(); i++) {
                ModelPublished event = published.get(i);
                assertTrue(i == 0 || event.version() > published.get(i - 1).version(),
                        "versions strictly increase: " + published.stream().map(ModelPublished::version).toList());
                assertEquals(event.sha256(), ImageIds.sha256Hex(store.get(event.artifact().key())),
                        "version " + event.version() + ": the bytes in S3 are the ones announced");
            }
        } finally {
            first.close();
            second.close();
        }
    }

    /** The replica that does not hold the training lease, once exactly one of the two holds it. */
    private static ApplicationContext follower(ApplicationContext first, ApplicationContext second) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() ->
                first.getBean(EmbeddingWorker.class).isLeader() != second.getBean(EmbeddingWorker.class).isLeader());
        return first.getBean(EmbeddingWorker.class).isLeader() ? second : first;
    }

    @Test
    void aPictureThatCanNeverBeEmbeddedIsKnownAfterARestartAndAVectorOfTheWrongWidthIsEmbeddedAgain() {
        TestInfra infra = TestInfra.get();
        Slice slice = Slice.create(infra);
        Topics topics = slice.topics();
        ObjectStore store = slice.store();
        Map<String, Object> properties = slice.properties();
        properties.put("sightline.trainer.embedding-wait", "10m"); // waiting for the lost picture would outlast the test
        List<LabelledImage> images = new ArrayList<>();
        publishRound(infra, topics, store, images, 0);
        LabelledImage gone = images.get(0);
        byte[] goneBytes = TestImages.png(Color.GRAY, 30, 30, 77);
        LabelledImage missing = new LabelledImage(ImageIds.of(goneBytes), "red", store.ref("images/nowhere"), "image/png",
                30, 30, goneBytes.length, "red/gone.png", Instant.now());
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), missing.imageId(), Json.write(missing));
        Embedding narrow = Embedding.of("tiny-cnn", gone.imageId(), new float[] {1f, 2f, 3f});
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.embeddings(), narrow.key(), Json.write(narrow));

        ApplicationContext trainer = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        try {
            ModelRecord first = awaitRecord(trainer, 1);
            assertEquals(images.size(), total(first), "every picture but the lost one, the narrow one embedded again");
        } finally {
            trainer.close();
        }
        ApplicationContext again = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        try {
            publishRound(infra, topics, store, images, 1);
            ModelRecord second = awaitRecord(again, 2);
            assertEquals(images.size(), total(second), "trained without waiting for the picture that is gone");
            assertEquals(1, again.getBean(TrainingCoordinator.class).datasetProgress().failed());
        } finally {
            again.close();
        }
    }

    private static ModelRecord awaitRecord(ApplicationContext trainer, int version) {
        ModelRegistry registry = trainer.getBean(ModelRegistry.class);
        return await().atMost(Duration.ofSeconds(120)).until(() -> registry.find(version).orElse(null),
                java.util.Objects::nonNull);
    }

    private static int total(ModelRecord record) {
        return record.trainedOn().images() + record.trainedOn().validation() + record.trainedOn().test();
    }

    /** One test's topics, bucket and trainer configuration on the shared Kafka and S3. */
    private record Slice(Topics topics, ObjectStore store, Map<String, Object> properties) {
        static Slice create(TestInfra infra) {
            String prefix = infra.uniquePrefix();
            String bucket = infra.uniqueBucket();
            ObjectStore store = infra.store(bucket);
            store.ensureBucket();
            Map<String, Object> properties = new HashMap<>(infra.micronautProperties(prefix, bucket));
            properties.putAll(trainerSettings(prefix));
            return new Slice(infra.createTopics(prefix, 2), store, properties);
        }
    }

    private static void publishRound(TestInfra infra, Topics topics, ObjectStore store, List<LabelledImage> images,
                                     int round) {
        for (String label : COLOURS.keySet()) {
            for (int i = 0; i < 10; i++) {
                LabelledImage image = stored(store, label, round * 100 + i);
                images.add(image);
                KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), image.imageId(), Json.write(image));
            }
        }
    }

    private static List<ModelPublished> awaitPublished(TestInfra infra, Topics topics, int count) {
        return KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.models(), count).stream()
                .map(record -> Json.read(record.value(), ModelPublished.class)).toList();
    }

    private static Map<String, Object> trainerSettings(String prefix) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("sightline.trainer.backbone", "tiny");
        properties.put("sightline.trainer.cache-dir", TestInfra.tempDir("trainer-cache").toString());
        properties.put("sightline.trainer.debounce", "2s");
        properties.put("sightline.trainer.embed-group", prefix + "embed");
        properties.put("sightline.trainer.provider", "cpu");
        properties.put("sightline.trainer.accuracy-tolerance", 1.0);
        properties.put("sightline.trainer.recall-tolerance", 1.0);
        return properties;
    }

    private static Map<String, Object> properties(TestInfra infra, String prefix, String s3Endpoint) {
        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(prefix, "outage"));
        properties.put("sightline.s3.endpoint", s3Endpoint);
        properties.put("sightline.s3.access-key", CREDENTIALS.accessKey());
        properties.put("sightline.s3.secret-key", CREDENTIALS.secretKey());
        properties.putAll(trainerSettings(prefix));
        return properties;
    }

    private static LabelledImage stored(ObjectStore store, String label, int index) {
        byte[] bytes = TestImages.png(COLOURS.get(label), 64, 48, label.hashCode() * 100L + index);
        String imageId = ImageIds.of(bytes);
        String key = ObjectKeys.image(imageId);
        store.put(key, bytes, "image/png");
        return new LabelledImage(imageId, label, store.ref(key), "image/png", 64, 48, bytes.length,
                label + "/" + index + ".png", Instant.now());
    }
}
