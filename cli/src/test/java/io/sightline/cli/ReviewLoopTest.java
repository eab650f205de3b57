package io.sightline.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The review loop on the real services (embedded KRaft broker, S3Proxy): a picture of no known label is answered
 * unknown, queued on sightline.review with its bytes in S3, listed on the Review tab, labelled by a contributor
 * under a new label, taken off the queue, and the next model version knows the label.
 */
class ReviewLoopTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnknownPictureIsQueuedReviewedUnderANewLabelAndLearnt() throws Exception {
        AllInOneOptions options = new AllInOneOptions(TestInfra.tempDir("review"), 0, 0, 0, "tiny", Map.of(
                "sightline.trainer.debounce", "1s", "sightline.trainer.auto-train", true));
        try (AllInOne up = AllInOne.start(options)) {
            SightlineClient client = new SightlineClient(up.webUrl(), up.adminToken());
            for (int i = 0; i < 8; i++) {
                client.upload(TestImages.png(new Color(210, 30, 30), 64, 48, i), "red-" + i + ".png", "red")
                        .orThrow("upload");
                client.upload(TestImages.png(new Color(30, 40, 210), 64, 48, 100 + i), "blue-" + i + ".png", "blue")
                        .orThrow("upload");
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> client.servedVersion().isPresent());

            byte[] grey = TestImages.png(new Color(128, 128, 128), 64, 48, 7);
            String imageId = ImageIds.of(grey);
            JsonNode answer = client.classify(grey, 2).orThrow("classify").body();
            assertTrue(answer.path("unknown").asBoolean(), "grey is neither red nor blue: " + answer);
            assertTrue(answer.path("label").isTextual(), "the label is still given");

            String queued = await().atMost(Duration.ofSeconds(30)).until(() -> get(up, "api/review").body(),
                    body -> body.contains(imageId));
            assertTrue(queued.contains("\"reason\":\"unknown\""), queued);
            ReviewItem item = Json.read(KafkaTestClients.readAtLeast(up.kafkaBootstrap(), Topics.defaults().review(), 1)
                    .stream().filter(r -> r.key().equals(imageId)).findFirst().orElseThrow().value(), ReviewItem.class);
            assertEquals("images/sha256/" + ImageIds.hex(imageId), item.object().key(), "stored content-addressed");

            HttpResponse<String> page = get(up, "review");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains(imageId), "the Review tab lists it");
            HttpResponse<byte[]> thumbnail = http.send(request(up, "api/review/" + imageId + "/thumbnail").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, thumbnail.statusCode());
            assertEquals("image/jpeg", thumbnail.headers().firstValue("Content-Type").orElse(""));

            HttpResponse<String> labelled = http.send(request(up, "api/review/" + imageId)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"grey\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, labelled.statusCode(), labelled.body());
            assertTrue(labelled.body().contains("\"outcome\":\"added\""), labelled.body());

            await().atMost(Duration.ofSeconds(30)).until(() -> !get(up, "api/review").body().contains(imageId));
            assertTrue(get(up, "api/labels").body().contains("\"grey\":1"));
            assertEquals(404, http.send(request(up, "api/review/" + imageId)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"grey\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "reviewed pictures leave the queue");

            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (JsonNode model : client.models().body()) {
                    JsonNode record = client.model(model.path("version").asInt()).body();
                    for (JsonNode label : record.path("labels")) {
                        if (label.asText().equals("grey")) {
                            return true;
                        }
                    }
                }
                return false;
            });
        }
    }

    private HttpRequest.Builder request(AllInOne up, String path) {
        return HttpRequest.newBuilder(URI.create(up.webUrl() + path)).header("Authorization", TestInfra.bearer(up.adminToken()));
    }

    private HttpResponse<String> get(AllInOne up, String path) throws Exception {
        return http.send(request(up, path).build(), HttpResponse.BodyHandlers.ofString());
    }
}
