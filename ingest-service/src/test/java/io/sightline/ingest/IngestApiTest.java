package io.sightline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.http.MultipartBody;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest HTTP API against the embedded broker and S3 server. */
class IngestApiTest {
    private static ApplicationContext context;
    private static IngestClient ingest;
    private static Topics topics;
    private static ObjectStore store;
    private static TestInfra infra;

    @BeforeAll
    static void start() {
        infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        context = ApplicationContext.run(EmbeddedServer.class, infra.micronautProperties(prefix, bucket))
                .getApplicationContext();
        ingest = IngestClient.of(context);
        topics = new Topics(prefix);
        store = infra.store(bucket);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void anUploadStoresTheBytesAndPublishesTheEvent() throws Exception {
        byte[] jpeg = TestImages.jpeg(Color.GREEN, 120, 80, 11);
        HttpResponse<String> response = upload(jpeg, "walle", "walle-1.jpg");
        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = Json.mapper().readTree(response.body());
        String imageId = ImageIds.of(jpeg);
        assertEquals(imageId, body.get("imageId").asText());
        assertFalse(body.get("duplicate").asBoolean());
        assertEquals("added", body.get("outcome").asText());

        assertArrayEquals(jpeg, store.get(ObjectKeys.image(imageId)));
        LabelledImage event = eventsFor(imageId, 1).get(0);
        assertEquals("walle", event.label());
        assertEquals("image/jpeg", event.contentType());
        assertEquals(120, event.width());
        assertEquals(80, event.height());
        assertEquals(jpeg.length, event.sizeBytes());
        assertEquals("walle-1.jpg", event.source());
        assertEquals(ObjectKeys.image(imageId), event.object().key());
    }

    @Test
    void theSameBytesAndLabelAreADuplicateAndANewLabelIsARelabel() throws Exception {
        byte[] png = TestImages.png(Color.BLUE, 40, 30, 12);
        String imageId = ImageIds.of(png);
        assertEquals(201, upload(png, "doraemon", "d.png").statusCode());
        HttpResponse<String> again = upload(png, "doraemon", "d-copy.png");
        assertEquals(200, again.statusCode());
        assertTrue(Json.mapper().readTree(again.body()).get("duplicate").asBoolean());
        assertEquals("duplicate", Json.mapper().readTree(again.body()).get("outcome").asText());
        HttpResponse<String> relabel = upload(png, "哆啦A梦", "d.png");
        assertEquals(201, relabel.statusCode());
        JsonNode relabelled = Json.mapper().readTree(relabel.body());
        assertEquals("relabelled", relabelled.get("outcome").asText());
        assertEquals("doraemon", relabelled.get("previousLabel").asText(), "the answer names the label it replaced");
        assertTrue(relabelled.get("relabelled").asBoolean());

        List<LabelledImage> events = eventsFor(imageId, 2);
        assertEquals(2, events.size(), "the duplicate published nothing");
        assertEquals("哆啦A梦", events.get(1).label());
        assertEquals(1, store.list("images/").stream().filter(k -> k.endsWith(ImageIds.hex(imageId))).count());
    }

    @Test
    void deleteWritesATombstone() throws Exception {
        byte[] png = TestImages.png(Color.MAGENTA, 20, 20, 13);
        String imageId = ImageIds.of(png);
        upload(png, "gone", "gone.png");
        HttpResponse<String> deleted = ingest.delete("/api/images/" + imageId);
        assertEquals(200, deleted.statusCode(), deleted.body());
        List<ConsumerRecord<String, byte[]>> records = recordsFor(imageId, 2);
        assertNull(records.get(records.size() - 1).value(), "the last record is a tombstone");
        assertEquals(404, ingest.delete("/api/images/" + imageId).statusCode());
    }

    @Test
    void badInputGetsItsStatusAndCodeAndNothingIsStoredOrPublished() throws Exception {
        Map<String, Object[]> cases = Map.of(
                "text.jpg", new Object[] {"just some text".getBytes(StandardCharsets.UTF_8), 415, "unsupported_format"},
                "page.html", new Object[] {"<!DOCTYPE html><html></html>".getBytes(StandardCharsets.UTF_8), 415,
                        "unsupported_format"},
                "empty.png", new Object[] {new byte[0], 400, "undecodable_image"},
                "truncated.jpg", new Object[] {TestImages.truncatedJpeg(), 400, "undecodable_image"},
                "bomb.png", new Object[] {TestImages.pngClaiming(100_000, 100_000), 413, "image_too_large"});
        int objectsBefore = store.list("images/").size();
        for (Map.Entry<String, Object[]> bad : cases.entrySet()) {
            byte[] bytes = (byte[]) bad.getValue()[0];
            HttpResponse<String> response = upload(bytes, "label", bad.getKey());
            assertEquals(bad.getValue()[1], response.statusCode(), bad.getKey() + ": " + response.body());
            JsonNode error = Json.mapper().readTree(response.body()).get("error");
            assertEquals(bad.getValue()[2], error.get("code").asText(), bad.getKey());
            assertTrue(error.get("message").asText().contains(bad.getKey()), error.toString());
        }
        assertEquals(objectsBefore, store.list("images/").size());
    }

    @Test
    void missingPartsAndBadLabelsAre400WithAReason() throws Exception {
        HttpResponse<String> noFile = send(new MultipartBody().field("label", "x"));
        assertEquals(400, noFile.statusCode());
        assertTrue(noFile.body().contains("missing_file"), noFile.body());
        HttpResponse<String> noLabel = send(new MultipartBody()
                .file("file", "a.png", "image/png", TestImages.png(Color.RED, 8, 8, 1)));
        assertEquals(400, noLabel.statusCode());
        assertTrue(noLabel.body().contains("missing_label"), noLabel.body());
        HttpResponse<String> slash = upload(TestImages.png(Color.RED, 8, 8, 2), "a/b", "a.png");
        assertEquals(400, slash.statusCode());
        assertTrue(slash.body().contains("1-64 characters"), slash.body());
    }

    @Test
    void listingsLabelsBytesThumbnailsAndTheExplorer() throws Exception {
        byte[] one = TestImages.png(Color.YELLOW, 300, 200, 21);
        byte[] two = TestImages.jpeg(Color.YELLOW, 200, 300, 22);
        upload(one, "sunny", "one.png");
        upload(two, "sunny", "two.jpg");

        JsonNode page = Json.mapper().readTree(get("/api/images?label=sunny&size=1").body());
        assertEquals(2, page.get("total").asInt());
        assertEquals(1, page.get("items").size());
        assertEquals(2, Json.mapper().readTree(get("/api/labels").body()).get("sunny").asInt());

        HttpResponse<byte[]> bytes = ingest.getBytes("/api/images/" + ImageIds.of(one));
        assertArrayEquals(one, bytes.body());
        assertEquals("image/png", bytes.headers().firstValue("content-type").orElseThrow());
        HttpResponse<byte[]> thumbnail = ingest.getBytes("/api/images/" + ImageIds.of(two) + "/thumbnail");
        assertEquals(200, thumbnail.statusCode());
        assertTrue(Arrays.equals(new byte[] {(byte) 0xFF, (byte) 0xD8}, Arrays.copyOf(thumbnail.body(), 2)));

        String metrics = IngestClient.management(context).get("/prometheus").body();
        assertTrue(metrics.contains("sightline_ingest_uploads_total{outcome=\"added\""), "uploads by outcome");
        assertTrue(metrics.contains("sightline_ingest_bytes_total"), "bytes");
        assertTrue(metrics.contains("sightline_ingest_latency_seconds"), "latency");
        assertTrue(metrics.contains("kafka_consumer_fetch_manager_records_lag_max"),
                "the Kafka metrics of the catalog's own consumer (its lag) are exported");

        String explorer = get("/?label=sunny").body();
        assertTrue(explorer.contains("sunny (2)"), explorer);
        assertTrue(explorer.contains("/api/images/" + ImageIds.of(one) + "/thumbnail"), explorer);
    }

    @Test
    void theExplorerEscapesLabelsAndFileNames() throws Exception {
        String label = "\"><img src=x onerror=alert(1)>";
        String fileName = "<script>alert(1)</script>.png";
        byte[] png = TestImages.png(Color.PINK, 40, 30, 23);
        assertEquals(201, upload(png, label, fileName).statusCode());
        String selected = "/?label=" + URLEncoder.encode(label, StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> get(selected).body().contains("/api/images/" + ImageIds.of(png) + "/thumbnail"));

        HttpResponse<String> page = get(selected);
        assertEquals("text/html;charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        String html = page.body();
        assertFalse(html.contains("<script>alert(1)"), html);
        assertFalse(html.contains("<img src=x"), html);
        String escapedLabel = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
        String escapedName = "&lt;script&gt;alert(1)&lt;/script&gt;.png";
        assertTrue(html.contains("data-label=\"" + escapedLabel + "\""), html);
        assertTrue(html.contains("<a class=\"label on\" href=\"" + selected + "\">" + escapedLabel + " (1)</a>"), html);
        assertTrue(html.contains("alt=\"" + escapedName + "\""), html);
        assertTrue(html.contains("title=\"" + escapedName + "\">" + escapedName + "<br><span class=\"meta\">"
                + escapedLabel + " · 40×30 · "), html);
    }

    private static List<LabelledImage> eventsFor(String imageId, int count) {
        return recordsFor(imageId, count).stream()
                .filter(r -> r.value() != null)
                .map(r -> Json.read(r.value(), LabelledImage.class))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> recordsFor(String imageId, int count) {
        List<ConsumerRecord<String, byte[]>> all = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            all.clear();
            KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.images(), 1).stream()
                    .filter(r -> imageId.equals(r.key()))
                    .forEach(all::add);
            return all.size() >= count;
        });
        return all;
    }

    private static HttpResponse<String> upload(byte[] bytes, String label, String fileName) {
        return ingest.upload(bytes, label, fileName);
    }

    private static HttpResponse<String> send(MultipartBody body) {
        return ingest.send(body);
    }

    private static HttpResponse<String> get(String path) {
        return ingest.get(path);
    }
}
