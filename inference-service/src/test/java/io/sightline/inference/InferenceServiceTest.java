package io.sightline.inference;

import io.sightline.contract.ClassifyRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.Json;
import io.sightline.http.MultipartBody;
import io.sightline.inference.engine.BatchReport;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.EngineListener;
import io.sightline.kafka.DeadLetters;
import io.sightline.testing.TestInfra;
import io.sightline.testing.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference service against the embedded broker and S3: no model, then version 1, every error
 * code, HTTP, shared batches, and a hot swap to version 2 under load. The tests run in order because
 * they follow the model's life, which is also why they share one class of this size: each step starts
 * from the state the previous one left (one service, one model history).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InferenceServiceTest {
    private static ServiceHarness harness;
    private static ApplicationContext context;
    private static String baseUrl;
    private static String managementUrl;
    private static ResultCollector results;
    private static ResultCollector deadLetters;

    @BeforeAll
    static void start() {
        harness = new ServiceHarness();
        context = harness.start("it-1");
        baseUrl = ServiceHarness.baseUrl(context);
        managementUrl = TestInfra.managementUrl(context);
        results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults());
        deadLetters = ResultCollector.raw(harness.kafkaBootstrap, harness.topics.dlq());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable resource : new AutoCloseable[] {results, deadLetters, context, harness}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("closing " + resource + ": " + e);
                }
            }
        }
    }

    @Test
    @Order(1)
    void beforeAnyModelRequestsGetNoModelAndTheServiceIsNotReady() throws Exception {
        assertEquals(503, ServiceHarness.get(managementUrl + "/health/readiness").statusCode());
        assertEquals(200, ServiceHarness.get(managementUrl + "/health/liveness").statusCode());
        HttpResponse<String> model = ServiceHarness.get(baseUrl + "/api/model");
        assertEquals(503, model.statusCode(), "no_model has one status everywhere (ErrorCode)");
        assertEquals("no_model", Json.mapper().readTree(model.body()).at("/error/code").asText());

        String id = harness.sendInline(TinyModels.picture("red", 1), null);
        ClassifyResult result = results.await(id);
        assertEquals(ClassifyResult.Status.ERROR, result.status());
        assertEquals(ErrorCode.NO_MODEL, result.error().code());

        HttpResponse<String> http = ServiceHarness.postRaw(baseUrl + "/api/classify", TinyModels.picture("red", 2), "image/png");
        assertEquals(503, http.statusCode(), http.body());
        assertEquals("no_model", Json.mapper().readTree(http.body()).at("/error/code").asText());
    }

    @Test
    @Order(2)
    void aPublishedModelIsLoadedAndServed() throws Exception {
        harness.publishModel(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceHarness.get(managementUrl + "/health/readiness").statusCode() == 200);
        JsonNode model = Json.mapper().readTree(ServiceHarness.get(baseUrl + "/api/model").body());
        assertEquals("default", model.get("name").asText());
        assertEquals(1, model.get("version").asInt());
        assertEquals(TinyModels.LABELS, Json.mapper().convertValue(model.get("labels"), List.class));
        assertEquals("cpu", model.get("provider").asText());
        assertEquals("fp32", model.get("precision").asText());
        assertEquals("tiny-cnn-seed7", model.at("/backbone/id").asText());
        assertEquals(Json.mapper().getNodeFactory().booleanNode(false), model.at("/backbone/pretrained"),
                "a known answer is the JSON boolean, as before \"unknown\" existed");
        assertNotNull(model.get("loadedAt"));
        assertRunPlanMeasured(model.get("runPlan"), 1);
    }

    /** The plan was chosen by measurement among its candidates, each with its figures, and they agree. */
    private static void assertRunPlanMeasured(JsonNode plan, int version) {
        assertEquals("measurement", plan.get("basis").asText(), plan.toString());
        assertEquals(version, plan.get("measuredOnVersion").asInt());
        assertNotNull(java.time.Instant.parse(plan.get("measuredAt").asText()));
        JsonNode candidates = plan.get("candidates");
        assertEquals(2, candidates.size(), "one shape (parallel-runs 2), batch sizes 8 and 16: " + plan);
        double fastest = 0;
        boolean chosenAmongThem = false;
        for (JsonNode candidate : candidates) {
            assertEquals(2, candidate.get("parallelRuns").asInt());
            assertEquals(candidate.get("runs").asLong() * candidate.get("batchSize").asInt(), candidate.get("images").asLong());
            assertTrue(candidate.get("imagesPerSecond").asDouble() > 0, candidate.toString());
            fastest = Math.max(fastest, candidate.get("imagesPerSecond").asDouble());
            chosenAmongThem |= candidate.get("label").asText().equals(plan.at("/chosen/label").asText());
        }
        assertTrue(chosenAmongThem, plan.toString());
        assertEquals(fastest, plan.get("imagesPerSecond").asDouble());
    }

    @Test
    @Order(3)
    void requestsByObjectAndByBase64GetTheRightLabel() {
        String stored = harness.sendStored(TinyModels.picture("red", 3));
        String inline = harness.sendInline(TinyModels.picture("green", 4), 2);
        String blue = harness.sendInline(TestImages.jpeg(TinyModels.COLOURS.get(2), 80, 60, 5), null);

        ClassifyResult red = results.await(stored);
        assertTrue(red.isOk(), red.toString());
        assertEquals("red", red.label());
        assertEquals(1, red.modelVersion());
        assertEquals(3, red.predictions().size());
        ClassifyResult green = results.await(inline);
        assertEquals("green", green.label());
        assertEquals(2, green.predictions().size(), "topK 2");
        assertTrue(green.predictions().get(0).probability() >= green.predictions().get(1).probability());
        assertEquals("blue", results.await(blue).label());
        assertEquals(1, results.resultsFor(stored).size());
        assertTrue(red.unknown() != null && red.unknownScore() != null, "Kafka results carry the unknown answer: " + red);
        ClassifyResult grey = results.await(harness.sendInline(TinyModels.unknownPicture(6), null));
        assertEquals(Boolean.TRUE, grey.unknown(), "a picture of no label: " + grey);
    }

    @Test
    @Order(4)
    void everyErrorCodeIsReachableAndNonRequestsGoToTheDeadLetterTopic() {
        String missingObject = "{\"requestId\":\"missing-obj\",\"object\":{\"bucket\":\"" + harness.bucket
                + "\",\"key\":\"images/none\"}}";
        harness.send("missing-obj", missingObject.getBytes(StandardCharsets.UTF_8));
        // The model of version 1 exists, but outside the allow-list (the bucket's images/): it is "missing".
        String outsideKey = "models/default/1/model.onnx";
        harness.send("outside", ("{\"requestId\":\"outside\",\"object\":{\"bucket\":\"" + harness.bucket
                + "\",\"key\":\"" + outsideKey + "\"}}").getBytes(StandardCharsets.UTF_8));
        String both = "{\"requestId\":\"both\",\"object\":{\"bucket\":\"b\",\"key\":\"k\"},\"imageBase64\":\"AAAA\"}";
        harness.send("both", both.getBytes(StandardCharsets.UTF_8));
        String topK = "{\"requestId\":\"topk0\",\"imageBase64\":\"" + base64(TinyModels.picture("red", 6)) + "\",\"topK\":0}";
        harness.send("topk0", topK.getBytes(StandardCharsets.UTF_8));
        String truncated = harness.sendInline(TestImages.truncatedJpeg(), null);
        String huge = harness.sendInline(TestImages.pngClaiming(100_000, 100_000), null);
        String text = harness.sendInline("just some words, not a picture".getBytes(StandardCharsets.UTF_8), null);
        harness.send("junk-key", "this is not JSON {".getBytes(StandardCharsets.UTF_8));
        harness.send("no-id-key", "{\"imageBase64\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals(ErrorCode.OBJECT_NOT_FOUND, results.await("missing-obj").error().code());
        assertTrue(harness.store.exists(outsideKey));
        assertEquals(ErrorCode.OBJECT_NOT_FOUND, results.await("outside").error().code());
        assertEquals("object s3://" + harness.bucket + "/" + outsideKey + " does not exist",
                results.await("outside").error().message());
        assertEquals(ErrorCode.BAD_REQUEST, results.await("both").error().code());
        assertEquals(ErrorCode.BAD_REQUEST, results.await("topk0").error().code());
        assertEquals(ErrorCode.UNDECODABLE_IMAGE, results.await(truncated).error().code());
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, results.await(huge).error().code());
        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, results.await(text).error().code());
        assertFalse(results.await("both").error().message().isBlank());

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters.records().size() >= 2);
        Map<String, ConsumerRecord<String, byte[]>> dead = deadLetters.records().stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> r));
        ConsumerRecord<String, byte[]> junk = dead.get("junk-key");
        assertNotNull(junk);
        assertEquals("this is not JSON {", new String(junk.value(), StandardCharsets.UTF_8));
        assertEquals(harness.topics.classifyRequests(), header(junk, DeadLetters.TOPIC));
        assertTrue(Integer.parseInt(header(junk, DeadLetters.PARTITION)) >= 0);
        assertTrue(Long.parseLong(header(junk, DeadLetters.OFFSET)) >= 0);
        assertTrue(header(junk, DeadLetters.ERROR).startsWith("not JSON"), header(junk, DeadLetters.ERROR));
        assertEquals("no requestId", header(dead.get("no-id-key"), DeadLetters.ERROR));
        assertTrue(results.all().values().stream().flatMap(List::stream)
                .noneMatch(r -> r.requestId().equals("junk-key") || r.requestId().equals("no-id-key")));
    }

    @Test
    @Order(5)
    void httpClassifiesUploadsAndAnswersBadInputWithItsStatusAndCode() throws Exception {
        MultipartBody multipart = new MultipartBody().file("file", "g.jpg", "image/jpeg",
                TestImages.jpeg(TinyModels.COLOURS.get(1), 90, 70, 8));
        HttpResponse<String> ok = ServiceHarness.HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/classify?topK=1"))
                .header("Authorization", TestInfra.ADMIN)
                .header("Content-Type", multipart.contentType()).POST(multipart.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        ClassifyResult green = Json.read(ok.body().getBytes(StandardCharsets.UTF_8), ClassifyResult.class);
        assertEquals("green", green.label());
        assertEquals(1, green.predictions().size());
        assertFalse(green.requestId().isBlank());

        HttpResponse<String> raw = ServiceHarness.postRaw(baseUrl + "/api/classify", TinyModels.picture("blue", 9), "image/png");
        assertEquals(200, raw.statusCode(), raw.body());
        JsonNode blue = Json.mapper().readTree(raw.body());
        assertEquals("blue", blue.get("label").asText());
        assertEquals("ok", blue.get("status").asText());
        assertEquals(1, blue.get("modelVersion").asInt());
        assertTrue(blue.get("latencyMs").asDouble() >= 0);
        assertTrue(blue.get("unknown").isBoolean(), "HTTP results carry the unknown answer: " + raw.body());
        assertTrue(blue.get("unknownScore").isNumber(), raw.body());
        assertEquals(3, blue.get("predictions").size());

        assertStatus(400, "bad_request", ServiceHarness.postRaw(baseUrl + "/api/classify?topK=0", TinyModels.picture("red", 10), "image/png"));
        assertStatus(415, "unsupported_format", ServiceHarness.postRaw(baseUrl + "/api/classify",
                "plain words".getBytes(StandardCharsets.UTF_8), "application/octet-stream"));
        assertStatus(400, "undecodable_image", ServiceHarness.postRaw(baseUrl + "/api/classify", TestImages.truncatedJpeg(), "image/jpeg"));
        assertStatus(413, "image_too_large", ServiceHarness.postRaw(baseUrl + "/api/classify",
                TestImages.pngClaiming(100_000, 100_000), "image/png"));
    }

    @Test
    @Order(6)
    void httpAndKafkaRequestsShareBatches() {
        ClassifyEngine engine = context.getBean(ClassifyEngine.class);
        AtomicBoolean mixed = new AtomicBoolean();
        EngineListener listener = new EngineListener() {
            @Override
            public void onBatch(BatchReport batch) {
                if (batch.composition().equals("mixed")) {
                    mixed.set(true);
                }
            }
        };
        engine.addListener(listener);
        try {
            byte[] picture = TinyModels.picture("red", 11);
            List<String> sent = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                List<CompletableFuture<HttpResponse<String>>> http = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    sent.add(harness.sendInline(picture, null));
                    if (i % 4 == 0) {
                        http.add(ServiceHarness.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/api/classify"))
                                .header("Authorization", TestInfra.ADMIN)
                                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(picture)).build(),
                                HttpResponse.BodyHandlers.ofString()));
                    }
                }
                for (CompletableFuture<HttpResponse<String>> response : http) {
                    assertEquals(200, response.join().statusCode());
                }
                return mixed.get();
            });
            // Leaves no request behind for the next test.
            sent.forEach(results::await);
        } finally {
            engine.removeListener(listener);
        }
        assertTrue(metrics().contains("composition=\"mixed\""));
    }

    @Test
    @Order(7)
    void theNextPollIsReadAndRunWhileAnEarlierPollWaitsForItsLastResult() {
        ClassifyEngine engine = context.getBean(ClassifyEngine.class);
        String first = "held-" + java.util.UUID.randomUUID();
        String second = "next-" + java.util.UUID.randomUUID();
        byte[] picture = TinyModels.picture("green", 21);
        // The first request's poll stays uncommitted (its result is not out) while its runner is held.
        try (HeldBatch held = HeldBatch.hold(engine, first)) {
            harness.send(first, Json.write(new ClassifyRequest(first, null, Base64.getEncoder().encodeToString(picture), null)));
            held.awaitHolding();
            harness.send(second, Json.write(new ClassifyRequest(second, null, Base64.getEncoder().encodeToString(picture), null)));
            await("a request sent while an earlier poll waits for its result is read and run meanwhile")
                    .atMost(Duration.ofSeconds(30)).until(() -> held.ran(second));
        }
        assertEquals("green", results.await(first).label());
        assertEquals("green", results.await(second).label());
        assertEquals(1, results.resultsFor(first).size());
        assertEquals(1, results.resultsFor(second).size());
    }

    @Test
    @Order(7)
    void aRequestAloneHasItsTransactionOpenWithItsOffsetsWhileItRuns() throws Exception {
        ClassifyEngine engine = context.getBean(ClassifyEngine.class);
        InferenceConfig config = context.getBean(InferenceConfig.class);
        String transactionalId = config.resolvedTransactionalId(config.resolvedInstanceId());
        String alone = "alone-" + java.util.UUID.randomUUID();
        try (HeldBatch held = HeldBatch.hold(engine, alone);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafkaBootstrap))) {
            byte[] picture = TinyModels.picture("red", 22);
            harness.send(alone, Json.write(new ClassifyRequest(alone, null, Base64.getEncoder().encodeToString(picture), null)));
            held.awaitHolding();
            TransactionDescription open = await().atMost(Duration.ofSeconds(30)).until(
                    () -> admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get(),
                    description -> description.state() == TransactionState.ONGOING);
            assertTrue(open.topicPartitions().stream().allMatch(p -> p.topic().equals("__consumer_offsets")),
                    "while the picture runs the transaction holds its offsets and no result yet: " + open.topicPartitions());
            assertFalse(open.topicPartitions().isEmpty());
            assertTrue(results.resultsFor(alone).isEmpty(), "nothing is visible before the commit");
        }
        assertEquals("red", results.await(alone).label());
        assertEquals(1, results.resultsFor(alone).size());
    }

    @Test
    @Order(8)
    void aNewVersionSwapsInUnderLoadWithoutAFailedRequest() throws Exception {
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            long seed = 100;
            while (sending.get()) {
                sent.add(harness.sendInline(TinyModels.picture(TinyModels.LABELS.get((int) (seed % 3)), seed), null));
                seed++;
            }
        }, "test-load");
        load.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> sent.size() > 20
                    && sent.stream().anyMatch(id -> !results.resultsFor(id).isEmpty()));
            harness.publishModel(2);
            await().atMost(Duration.ofSeconds(90)).until(() -> sent.stream()
                    .flatMap(id -> results.resultsFor(id).stream())
                    .anyMatch(r -> r.isOk() && r.modelVersion() == 2));
        } finally {
            sending.set(false);
            load.join();
        }
        results.awaitAll(sent);
        List<ClassifyResult> all = sent.stream().map(id -> {
            assertEquals(1, results.resultsFor(id).size(), "one result for " + id);
            return results.resultsFor(id).get(0);
        }).toList();
        assertTrue(all.stream().allMatch(ClassifyResult::isOk),
                () -> "failed: " + all.stream().filter(r -> !r.isOk()).findFirst().orElseThrow());
        Set<Integer> versions = all.stream().map(ClassifyResult::modelVersion).collect(Collectors.toSet());
        assertEquals(Set.of(1, 2), versions);
        JsonNode served = Json.mapper().readTree(ServiceHarness.get(baseUrl + "/api/model").body());
        assertEquals(2, served.get("version").asInt());
        assertRunPlanMeasured(served.get("runPlan"), 1); // the same backbone: version 1's measurement, not a new one
    }

    @Test
    @Order(9)
    void aVersionWithTheWrongChecksumIsRefusedAndTheOldOneKeepsServing() throws Exception {
        TinyModels.publish(harness.store, harness.kafkaBootstrap, harness.topics.models(), 3, "ab".repeat(32));
        ModelFollower follower = context.getBean(ModelFollower.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> follower.refusedVersions().contains(3));
        assertEquals(2, Json.mapper().readTree(ServiceHarness.get(baseUrl + "/api/model").body()).get("version").asInt());
        String id = harness.sendInline(TinyModels.picture("green", 12), null);
        assertEquals(2, results.await(id).modelVersion());
    }

    @Test
    @Order(10)
    void prometheusShowsRequestsBatchesLatencyAndTheModel() throws Exception {
        String metrics = metrics();
        assertTrue(metrics.contains("sightline_inference_requests_total{code=\"no_model\""), metrics);
        assertTrue(metrics.contains("code=\"image_too_large\""));
        assertTrue(metrics.contains("sightline_inference_model_version{model=\"default\",provider=\"cpu\"} 2.0"), metrics);
        assertTrue(metrics.contains("sightline_inference_batch_size_count"));
        assertTrue(metrics.contains("sightline_inference_latency_seconds_bucket"));
        assertTrue(metrics.contains("sightline_inference_model_latency_seconds_bucket"));
        assertTrue(metrics.contains("sightline_inference_in_flight"));
        assertTrue(metrics.contains("sightline_inference_stage_seconds_count{stage=\"decode\"}"), metrics);
        assertTrue(metrics.contains("session=\"wide\"") || metrics.contains("session=\"narrow\""), metrics);
        assertTrue(metrics.matches("(?s).*sightline_inference_kafka_transaction_seconds_count(\\{[^}]*})? [1-9].*"), metrics);
    }

    @Test
    @Order(11)
    void anAnnouncementOfAnEarlierVersionRollsTheServedModelBack() throws Exception {
        harness.publishModel(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> Json.mapper()
                .readTree(ServiceHarness.get(baseUrl + "/api/model").body()).get("version").asInt() == 1);
        String id = harness.sendInline(TinyModels.picture("blue", 13), null);
        assertEquals(1, results.await(id).modelVersion(), "version 1 answers again after the roll-back");
    }

    private static String metrics() {
        try {
            return ServiceHarness.get(managementUrl + "/prometheus").body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertStatus(int status, String code, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.mapper().readTree(response.body());
        assertEquals("error", body.get("status").asText());
        assertEquals(code, body.at("/error/code").asText());
        assertFalse(body.at("/error/message").asText().isBlank());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
