package io.sightline.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.security.FormToken;
import io.sightline.testing.HeadlessBrowser;
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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The review loop on the real services (embedded KRaft broker, S3Proxy) and a real headless Chromium: pictures
 * of no known label are answered unknown, queued on sightline.review with their bytes in S3, listed on the Review
 * tab, labelled there with a click (a new label typed, or the answer confirmed) and from the command line, taken
 * off the queue, and the next model version knows the new label. A form post without the session's form token,
 * or from another origin, changes nothing.
 */
class ReviewLoopTest {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void unknownPicturesAreQueuedReviewedInTheBrowserAndTheNextModelKnowsTheNewLabel() throws Exception {
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

            List<String> queued = List.of(unknownAnswer(client, 128, 7), unknownAnswer(client, 150, 8),
                    unknownAnswer(client, 110, 9));
            String typed = queued.get(0);
            String confirmed = queued.get(1);
            String fromTerminal = queued.get(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> queued.stream()
                    .allMatch(get(up, "api/review").body()::contains));
            ReviewItem item = Json.read(KafkaTestClients.readAtLeast(up.kafkaBootstrap(), Topics.defaults().review(), 3)
                    .stream().filter(r -> r.key().equals(typed)).findFirst().orElseThrow().value(), ReviewItem.class);
            assertEquals("images/sha256/" + ImageIds.hex(typed), item.object().key(), "stored content-addressed");
            assertEquals(ReviewItem.Reason.UNKNOWN, item.reason());

            formPostsWithoutTheFormTokenOrFromAnotherOriginChangeNothing(up, typed);

            String answered;
            try (HeadlessBrowser browser = HeadlessBrowser.start()) {
                browser.open(up.webUrl() + "review").logIn(up.adminToken());
                browser.assertImagesDecoded(By.cssSelector("figure.review img"));

                WebElement card = card(browser, typed);
                card.findElement(By.cssSelector("form.assign input[name=label]")).sendKeys("grey");
                card.findElement(By.cssSelector("form.assign button")).click();
                assertNotice(browser, "Labelled grey");
                assertTrue(browser.findAll(cardSelector(typed)).isEmpty(), "a labelled picture leaves the tab");

                answered = card(browser, confirmed).findElement(By.cssSelector("form.confirm input[name=label]"))
                        .getDomAttribute("value");
                card(browser, confirmed).findElement(By.cssSelector("form.confirm button")).click();
                assertNotice(browser, "Labelled " + answered);
                assertTrue(browser.findAll(cardSelector(confirmed)).isEmpty());
            }
            assertTrue(List.of("red", "blue").contains(answered), "the confirm button gives the answered label");
            String images = get(up, "api/images?limit=100").body();
            assertTrue(images.contains(typed) && images.contains(confirmed), images);

            CommandLineTest.Captured listing = cli(up, "review");
            assertEquals(0, listing.exitCode(), listing.err());
            assertTrue(listing.out().contains(fromTerminal), listing.out());
            assertFalse(listing.out().contains(typed), "reviewed pictures leave the queue: " + listing.out());
            CommandLineTest.Captured labelled = cli(up, "review", "label", fromTerminal, "grey");
            assertEquals(0, labelled.exitCode(), labelled.err());
            assertTrue(labelled.out().contains("labelled grey (added)"), labelled.out());
            CommandLineTest.Captured again = cli(up, "review", "label", fromTerminal, "grey");
            assertEquals(1, again.exitCode(), "a reviewed picture is no longer waiting");
            assertTrue(again.err().contains("not waiting for review"), again.err());

            await().atMost(Duration.ofSeconds(30)).until(() -> get(up, "api/labels").body().contains("\"grey\":2"));
            await().atMost(Duration.ofMinutes(3)).until(() -> servedModelKnows(client, "grey"));
        }
    }

    /** Classifies a grey picture (neither red nor blue) and returns its imageId, checking it was called unknown. */
    private static String unknownAnswer(SightlineClient client, int grey, long seed) {
        byte[] picture = TestImages.png(new Color(grey, grey, grey), 64, 48, seed);
        JsonNode answer = client.classify(picture, 2).orThrow("classify").body();
        assertTrue(answer.path("unknown").asBoolean(), "grey is neither red nor blue: " + answer);
        assertTrue(answer.path("label").isTextual(), "the label is still given");
        return ImageIds.of(picture);
    }

    private void formPostsWithoutTheFormTokenOrFromAnotherOriginChangeNothing(AllInOne up, String imageId)
            throws Exception {
        String cookie = "sightline_token=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(up.adminToken().getBytes(StandardCharsets.UTF_8));
        String form = FormToken.of(up.adminToken());
        URI ours = URI.create(up.webUrl());
        String origin = ours.getScheme() + "://" + ours.getRawAuthority();
        assertEquals(401, formPost(up, imageId, cookie, null, origin), "the cookie alone changes nothing");
        assertEquals(401, formPost(up, imageId, cookie, FormToken.of("another token"), origin), "a wrong form token");
        int foreign = formPost(up, imageId, cookie, form, "https://evil.example");
        assertTrue(foreign == 401 || foreign == 403, "another site's form is refused, was " + foreign);
        assertEquals(401, formPost(up, imageId, null, form, origin), "the form token alone is no credential");
        assertTrue(get(up, "api/review").body().contains(imageId), "still waiting");
    }

    private int formPost(AllInOne up, String imageId, String cookie, String formToken, String origin) throws Exception {
        String query = formToken == null ? "" : "?" + FormToken.PARAMETER + "=" + formToken;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(up.webUrl() + "review/"
                        + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + query))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("label=stolen"));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static By cardSelector(String imageId) {
        return By.cssSelector("figure.review[data-image-id='" + imageId + "']");
    }

    private static WebElement card(HeadlessBrowser browser, String imageId) {
        return browser.waitForVisible(cardSelector(imageId));
    }

    private static void assertNotice(HeadlessBrowser browser, String expected) {
        browser.waitUntil("the notice '" + expected + "'", d -> d.getCurrentUrl().contains("done=")
                && !d.findElements(By.id("notice")).isEmpty()
                && d.findElement(By.id("notice")).getText().startsWith(expected));
        browser.waitForDocument();
    }

    private static boolean servedModelKnows(SightlineClient client, String label) {
        JsonNode served = client.servingModel().body();
        if (served == null) {
            return false;
        }
        for (JsonNode known : served.path("labels")) {
            if (known.asText().equals(label)) {
                return true;
            }
        }
        return false;
    }

    private static CommandLineTest.Captured cli(AllInOne up, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--server", up.webUrl(), "--token", up.adminToken()}, 0, all, args.length, 4);
        return CommandLineTest.Captured.run(all);
    }

    private HttpResponse<String> get(AllInOne up, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(up.webUrl() + path))
                .header("Authorization", TestInfra.bearer(up.adminToken())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
