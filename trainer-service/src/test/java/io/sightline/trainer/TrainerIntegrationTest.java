package io.sightline.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.Topics;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OptimizedGraph;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.quant.CalibrationMethod;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import io.sightline.train.Split;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer against the embedded broker and S3 server, with the tiny backbone. */
class TrainerIntegrationTest {
    private static final Map<String, Color> COLOURS = Map.of("red", new Color(200, 30, 30),
            "green", new Color(30, 180, 40), "blue", new Color(30, 40, 200));
    private static final long SEED = 2;

    private final TestInfra infra = TestInfra.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private String prefix;
    private String bucket;
    private Topics topics;
    private ObjectStore store;
    private Path cacheDir;
    private ApplicationContext context;
    private final List<LabelledImage> images = new ArrayList<>();

    @BeforeEach
    void setUp() {
        prefix = infra.uniquePrefix();
        bucket = infra.uniqueBucket();
        topics = infra.createTopics(prefix, 2);
        store = infra.store(bucket);
        store.ensureBucket();
        cacheDir = TestInfra.tempDir("trainer-cache");
    }

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void trainsRetrainsReusesEmbeddingsForgetsTombstonesAndGatesBadCandidates() throws Exception {
        for (String label : COLOURS.keySet()) {
            for (int i = 0; i < 10; i++) {
                publish(label, i);
            }
        }
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), "junk", "not json".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        start();
        ModelRecord first = awaitVersion(1);
        org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> dead =
                KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.dlq(), 1).get(0);
        assertEquals("junk", dead.key());
        assertEquals(1.0, context.getBean(MeterRegistry.class).counter("sightline.dlq.writes", "source", "embedding")
                .count(), "the dead letter was counted");
        assertEquals(topics.images(), new String(dead.headers().lastHeader(io.sightline.kafka.DeadLetters.TOPIC).value(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(first.promoted(), first.reason());
        assertEquals(30, first.trainedOn().images() + first.trainedOn().validation() + first.trainedOn().test());
        assertTrue(first.metrics().accuracy() >= 0.8, "tiny CNN separates colours: " + first.metrics());
        int[][] matrix = first.evaluation().confusionMatrix().matrix();
        int diagonal = 0;
        int total = 0;
        for (int t = 0; t < matrix.length; t++) {
            for (int p = 0; p < matrix.length; p++) {
                total += matrix[t][p];
                diagonal += t == p ? matrix[t][p] : 0;
            }
        }
        assertEquals(first.trainedOn().test(), total);
        assertEquals(first.metrics().accuracy(), (double) diagonal / total, 1e-9);
        assertEquals(total - diagonal, first.evaluation().misclassified().size());
        ModelPublished published = modelEvents().get(0);
        assertEquals(1, published.version());
        assertEquals(ImageIds.sha256Hex(store.get(ObjectKeys.model("default", 1))), published.sha256());
        assertEquals(io.sightline.contract.Pretrained.FALSE, published.backbone().pretrained());
        assertEquals(30, embeddingRecords());
        ModelRecord.Calibration calibration = first.calibration();
        assertEquals(io.sightline.train.HeadCalibrator.HeldOut.CROSS_VALIDATION, calibration.heldOut(),
                "about 24 training pictures: no validation set, so folds");
        assertEquals(first.trainedOn().images(), calibration.heldOutPictures());
        assertTrue(Double.isFinite(calibration.unknownThreshold()), calibration.toString());
        try (io.sightline.onnx.ClassifierModel model = io.sightline.onnx.ClassifierModel.open(
                store.get(ObjectKeys.model("default", 1)), io.sightline.onnx.SessionConfig.cpu())) {
            assertEquals(calibration.unknownThreshold(), model.unknown().threshold(), "the threshold travels in the model");
            assertEquals(0.05, model.unknown().falseUnknownRate());
        }

        for (int i = 10; i < 15; i++) {
            publish("red", i);
        }
        ModelRecord second = awaitVersion(2);
        assertEquals(35, second.trainedOn().images() + second.trainedOn().validation() + second.trainedOn().test());
        assertEquals(35, embeddingRecords(), "exactly five new embeddings");

        context.close();
        start();
        String removed = images.get(0).imageId();
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), removed, null);
        ModelRecord third = awaitVersion(3);
        assertEquals(34, third.trainedOn().images() + third.trainedOn().validation() + third.trainedOn().test());
        assertTrue(third.testItems().stream().noneMatch(item -> item.imageId().equals(removed)));
        assertEquals(0.0, context.getBean(MeterRegistry.class).counter("sightline.trainer.embeddings",
                "source", "computed").count(), "no embedding recomputed after the restart");
        assertEquals(35, embeddingRecords());

        scrambleTrainingLabels(removed);
        ModelRecord fourth = awaitVersion(4);
        assertEquals(ModelStatus.REJECTED, fourth.status(), fourth.reason());
        assertTrue(fourth.reason().contains("accuracy") || fourth.reason().contains("recall"), fourth.reason());
        assertEquals(3, context.getBean(ServingModel.class).current().orElseThrow().version());
        assertEquals(3, modelEvents().size(), "the rejected candidate was not published");

        HttpResponse<String> report = get("/api/models/4/report");
        assertEquals(200, report.statusCode());
        assertTrue(report.body().contains("id=\"misclassified\""));
        assertTrue(report.body().contains("id=\"reliability\""), "the reliability diagram");
        assertTrue(report.body().contains("pretrained: false"));
        assertTrue(report.body().contains("data:image/jpeg;base64,"), "thumbnails are inline");
        HttpResponse<String> list = get("/api/models");
        assertTrue(list.body().contains("\"rejected\""), list.body());

        promoteTheRejectedCandidateThenRollBack();
    }

    /** POST /api/models/{v}/promote: the rejected version 4 serves, then version 1 again (a roll-back). */
    private void promoteTheRejectedCandidateThenRollBack() throws Exception {
        ServingModel serving = context.getBean(ServingModel.class);
        HttpResponse<String> promoted = post("/api/models/4/promote");
        assertEquals(202, promoted.statusCode(), promoted.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> serving.current().orElseThrow().version() == 4);
        ModelPublished announced = modelEvents(4).get(3);
        assertEquals(4, announced.version(), "announced on the models topic like a trained version");
        assertEquals(ImageIds.sha256Hex(store.get(ObjectKeys.model("default", 4))), announced.sha256());
        ModelRecord four = context.getBean(ModelRegistry.class).find(4).orElseThrow();
        assertEquals(ModelStatus.PROMOTED, four.status());
        assertTrue(four.reason().startsWith("promoted by test-admin") && four.reason().contains("the gate had rejected it"),
                four.reason());

        assertEquals(202, post("/api/models/1/promote").statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> serving.current().orElseThrow().version() == 1);
        assertEquals(List.of(1, 2, 3, 4, 1), modelEvents(5).stream().map(ModelPublished::version).toList());
        com.fasterxml.jackson.databind.JsonNode models = Json.mapper().readTree(get("/api/models").body());
        for (com.fasterxml.jackson.databind.JsonNode model : models) {
            assertEquals(model.path("version").asInt() == 1, model.path("serving").asBoolean(), model.toString());
        }

        HttpResponse<String> missing = post("/api/models/99/promote");
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", Json.mapper().readTree(missing.body()).at("/error/code").asText());
        HttpResponse<String> noReport = get("/api/models/99/report");
        assertEquals(404, noReport.statusCode());
        assertEquals("not_found", Json.mapper().readTree(noReport.body()).at("/error/code").asText());
    }

    private void scrambleTrainingLabels(String removed) {
        List<String> labels = List.copyOf(new java.util.TreeSet<>(COLOURS.keySet()));
        try (KafkaProducer<String, byte[]> producer = KafkaTestClients.producer(infra.kafkaBootstrap())) {
            for (LabelledImage image : images) {
                if (image.imageId().equals(removed)
                        || Split.assign(image.imageId(), SEED, 0.2, 0.0) == Split.Set.TEST) {
                    continue;
                }
                String wrong = labels.get((labels.indexOf(image.label()) + 1) % labels.size());
                producer.send(new ProducerRecord<>(topics.images(), image.imageId(),
                        Json.write(image.withLabel(wrong, Instant.now()))));
            }
        }
    }

    /** close-session-to-train: the backbone's session is closed for each training and the next picture opens it again. */
    @Test
    void theBackboneSessionClosedToTrainOpensAgainForTheNextPicture() {
        for (String label : COLOURS.keySet()) {
            for (int i = 0; i < 10; i++) {
                publish(label, i);
            }
        }
        start(Map.of("sightline.trainer.close-session-to-train", true));
        EmbeddingWorker worker = context.getBean(EmbeddingWorker.class);
        assertTrue(awaitVersion(1).promoted());
        assertFalse(worker.sessionOpen(), "closed for the training, and no picture came since");

        for (int i = 10; i < 15; i++) {
            publish("green", i);
        }
        ModelRecord second = awaitVersion(2);
        assertEquals(35, second.trainedOn().images() + second.trainedOn().validation() + second.trainedOn().test());
        assertEquals(35, embeddingRecords(), "the five new pictures embedded by the session opened again");
        assertEquals(35.0, context.getBean(MeterRegistry.class).counter("sightline.trainer.embeddings",
                "source", "computed").count());
        assertFalse(worker.sessionOpen());
    }

    @Test
    void int8ModelIsServedWhenItPassesTheInt8Gate() throws Exception {
        for (String label : COLOURS.keySet()) {
            for (int i = 0; i < 10; i++) {
                publish(label, i);
            }
        }
        start(Map.of("sightline.trainer.precision", "int8", "sightline.trainer.calibration-pictures", "8"));
        ModelRecord first = awaitVersion(1);
        assertTrue(first.promoted(), first.reason());
        PrecisionReport precision = first.precision();
        assertEquals(Precision.INT8, precision.requested());
        assertEquals(Precision.INT8, precision.served(), precision.reason());
        assertEquals(8, precision.calibrationPictures());
        assertEquals(first.trainedOn().test(), precision.testPictures());
        assertTrue(precision.int8Accuracy() >= precision.fp32Accuracy() - 0.01, precision.summary());

        byte[] model = store.get(ObjectKeys.model("default", 1));
        assertEquals(first.sha256(), ImageIds.sha256Hex(model));
        assertEquals(modelEvents().get(0).sha256(), first.sha256(), "the int8 model is the one published");
        assertEquals(Precision.INT8, ModelMetadata.read(OnnxGraphs.parse(model)).precision());
        Map<String, Integer> kernels = OptimizedGraph.opTypes(model, SessionConfig.cpu().withIntraOpThreads(1));
        assertEquals(3, kernels.entrySet().stream().filter(e -> e.getKey().endsWith("QLinearConv"))
                .mapToInt(Map.Entry::getValue).sum(), "the tiny CNN's three convolutions run in int8: " + kernels);
        assertTrue(get("/api/models/1/report").body().contains("Precision: int8 (passed the int8 gate"));
        assertEquals(1, precision.rangesFromVersion());

        for (int i = 10; i < 15; i++) {
            publish("green", i);
        }
        ModelRecord second = awaitVersion(2);
        assertTrue(second.promoted(), second.reason());
        PrecisionReport retrained = second.precision();
        assertEquals(Precision.INT8, retrained.served(), retrained.reason());
        assertEquals(1, retrained.rangesFromVersion(), "a retraining on the same labels keeps version 1's int8 backbone: "
                + retrained.summary());
        assertEquals(8, retrained.calibrationPictures());
        assertEquals(second.trainedOn().test(), retrained.testPictures(), "the kept ranges still pass the gate");
        byte[] secondModel = store.get(ObjectKeys.model("default", 2));
        assertEquals(second.sha256(), ImageIds.sha256Hex(secondModel));
        assertEquals(Precision.INT8, ModelMetadata.read(OnnxGraphs.parse(secondModel)).precision());
    }

    @Test
    void theInt8GateServesFp32WhenInt8LosesMoreThanTheTolerance() {
        KeptCalibration.Ranges ranges = new KeptCalibration.Ranges(ai.onnx.proto.OnnxMl.ModelProto.getDefaultInstance(),
                1, java.util.Set.of("a", "b"), java.util.Set.of("p1", "p2"), 80, CalibrationMethod.MINMAX);
        PrecisionReport lost = Int8Conversion.verdict(0.90, 0.92, 50, 0.01, ranges, 3);
        assertEquals(Precision.FP32, lost.served());
        assertEquals("int8 accuracy 0.900 is more than 0.010 below fp32's 0.920: serving fp32", lost.reason());
        PrecisionReport kept = Int8Conversion.verdict(0.91, 0.92, 50, 0.01, ranges, 3);
        assertEquals(Precision.INT8, kept.served(), kept.reason());
    }

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, Object> extra) {
        Map<String, Object> properties = new java.util.HashMap<>(infra.micronautProperties(prefix, bucket));
        properties.putAll(extra);
        properties.put("sightline.trainer.backbone", "tiny");
        properties.put("sightline.trainer.cache-dir", cacheDir.toString());
        properties.put("sightline.trainer.debounce", "2s");
        properties.put("sightline.trainer.embed-group", prefix + "embed");
        properties.put("sightline.trainer.provider", "cpu");
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    private void publish(String label, int index) {
        byte[] bytes = index % 2 == 0
                ? TestImages.png(COLOURS.get(label), 64, 48, label.hashCode() * 100L + index)
                : TestImages.jpeg(COLOURS.get(label), 48, 64, label.hashCode() * 100L + index);
        String imageId = ImageIds.of(bytes);
        String key = ObjectKeys.image(imageId);
        store.put(key, bytes, "image/png");
        LabelledImage image = new LabelledImage(imageId, label, store.ref(key), "image/png", 64, 48, bytes.length,
                label + "/" + index + (index % 2 == 0 ? ".png" : ".jpg"), Instant.now());
        images.add(image);
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), imageId, Json.write(image));
    }

    private ModelRecord awaitVersion(int version) {
        ModelRegistry registry = context.getBean(ModelRegistry.class);
        return await().atMost(Duration.ofSeconds(120)).until(() -> registry.find(version).orElse(null),
                java.util.Objects::nonNull);
    }

    private List<ModelPublished> modelEvents() {
        return modelEvents(1);
    }

    private List<ModelPublished> modelEvents(int atLeast) {
        return KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.models(), atLeast).stream()
                .map(r -> Json.read(r.value(), ModelPublished.class))
                .collect(Collectors.toList());
    }

    private long embeddingRecords() {
        return KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.embeddings(), 1).size();
    }

    private HttpResponse<String> post(String path) throws Exception {
        String base = context.getBean(EmbeddedServer.class).getURL().toString();
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", TestInfra.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        String base = context.getBean(EmbeddedServer.class).getURL().toString();
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfra.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
    }
}
