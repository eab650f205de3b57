package io.sightline.cli.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.Json;
import io.sightline.testing.HeadlessBrowser;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Labels and file names that are markup, quotes, {@code </script>}, right-to-left marks and as long as
 * the limits allow, uploaded for real, then shown by the explorer and a trained model's report in
 * headless Chromium: no script runs (each payload would set {@code window.__pwned}), no element comes
 * from them, and every one shows as the text that was stored.
 */
class HostilePagesBrowserTest {
    /** Labels: any script, no '/', no control characters, at most 64 characters. */
    private static final List<String> LABELS = List.of(
            "<img src=x onerror=window.__pwned='label-img'>",
            "\"quoted' & <b>bold<\\b>",
            "\u202Eevil\u202C rtl \u200F<svg onload=window.__pwned='label-svg'>",
            ("<script>window.__pwned='label-script'<\\script>" + "x".repeat(64)).substring(0, 64));
    /** File names (kept as the picture's source), up to its 1024-character limit. */
    private static final List<String> FILE_NAMES = List.of(
            "<img src=x onerror=window.__pwned='file-img'>.png",
            "</script><script>window.__pwned='file-script'</script>.png",
            "'><svg onload=window.__pwned='file-svg'>.png",
            "\u202Egnp.exe",
            "a".repeat(1000) + "<img src=x onerror=window.__pwned='file-long'>.png");
    private static final int PER_LABEL = 5;

    private static AllInOne up;
    private static HeadlessBrowser browser;
    private static SightlineClient client;
    /** Every source as stored (GET /api/images), by label. */
    private static final Map<String, List<String>> SOURCES = new HashMap<>();

    @BeforeAll
    static void uploadTrainAndOpenABrowser() throws Exception {
        up = AllInOne.start(new AllInOneOptions(TestInfra.tempDir("hostile"), 0, 0, 0, "tiny",
                Map.of("sightline.trainer.auto-train", false)));
        client = new SightlineClient(up.webUrl(), up.adminToken());
        for (int l = 0; l < LABELS.size(); l++) {
            Color colour = Color.getHSBColor(l / (float) LABELS.size(), 0.8f, 0.9f);
            for (int i = 0; i < PER_LABEL; i++) {
                byte[] png = TestImages.png(colour, 40 + i, 32, l * 100L + i);
                String name = FILE_NAMES.get((l * PER_LABEL + i) % FILE_NAMES.size());
                SightlineClient.Reply reply = client.upload(png, name, LABELS.get(l));
                assertEquals(201, reply.status(), reply.errorMessage());
            }
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> storedSources().values().stream()
                .mapToInt(List::size).sum() == LABELS.size() * PER_LABEL);
        SOURCES.putAll(storedSources());
        int pictures = LABELS.size() * PER_LABEL;
        await().atMost(Duration.ofMinutes(2)).until(() -> client.datasetProgress().embedded() == pictures);
        client.train().orThrow("train");
        await().atMost(Duration.ofMinutes(2)).until(() -> client.model(1).ok());
        browser = HeadlessBrowser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        TestInfra.closeAll(browser, up);
    }

    @Test
    void theExplorerShowsHostileLabelsAndFileNamesAsText() {
        browser.open(up.webUrl()).logIn(up.adminToken());
        assertNothingRan();
        List<String> links = browser.findAll(By.cssSelector("nav#labels a.label")).stream()
                .map(a -> a.getDomProperty("textContent")).toList();
        Set<String> expected = new TreeSet<>();
        LABELS.forEach(label -> expected.add(label + " (" + PER_LABEL + ")"));
        assertEquals(expected, new TreeSet<>(links.subList(1, links.size())), "the labels, as text");

        for (String label : LABELS) {
            browser.driver().findElements(By.cssSelector("nav#labels a.label")).stream()
                    .filter(a -> a.getDomProperty("textContent").equals(label + " (" + PER_LABEL + ")"))
                    .findFirst().orElseThrow().click();
            browser.waitUntil("the grid of " + label, d -> d.findElements(By.cssSelector("figure.picture")).stream()
                    .allMatch(f -> label.equals(f.getDomAttribute("data-label")))
                    && d.findElements(By.cssSelector("figure.picture")).size() == PER_LABEL);
            browser.waitForDocument();
            assertNothingRan();
            List<String> captions = new ArrayList<>();
            for (WebElement figure : browser.findAll(By.cssSelector("figure.picture"))) {
                String caption = figure.findElement(By.tagName("figcaption")).getDomProperty("innerText");
                captions.add(caption.substring(0, caption.indexOf('\n')));
                assertEquals(figure.findElement(By.tagName("img")).getDomAttribute("alt"),
                        captions.get(captions.size() - 1), "the alt text is the same source");
            }
            assertEquals(new TreeSet<>(SOURCES.get(label)), new TreeSet<>(captions), "the sources, as text");
        }
    }

    @Test
    void theReportShowsHostileLabelsAndFileNamesAsText() {
        browser.open(up.webUrl() + "api/models/1/report");
        if (browser.currentUrl().contains("/login")) {
            browser.logIn(up.adminToken());
        }
        assertEquals("Sightline model 1", browser.driver().getTitle());
        assertNothingRan();
        List<String> columns = browser.findAll(By.cssSelector("#confusion tr:first-child th")).stream()
                .map(th -> th.getDomProperty("textContent")).toList();
        assertEquals(new TreeSet<>(LABELS), new TreeSet<>(columns.subList(1, columns.size())), "labels, as text");
        Set<String> allSources = new TreeSet<>();
        SOURCES.values().forEach(allSources::addAll);
        List<WebElement> figures = browser.findAll(By.cssSelector("h3.cell + div.grid figure"));
        assertTrue(!figures.isEmpty(), "the test pictures are shown");
        for (WebElement figure : figures) {
            String source = figure.findElement(By.tagName("img")).getDomAttribute("alt");
            assertTrue(allSources.contains(source), "a stored source, as text: " + source);
            assertTrue(figure.getDomProperty("innerText").startsWith(source), figure.getDomProperty("innerText"));
        }
    }

    /** No payload ran, and none became an element (the report's own bold status line aside). */
    private static void assertNothingRan() {
        assertEquals(null, browser.script("return window.__pwned === undefined ? null : String(window.__pwned)"),
                "a payload ran at " + browser.currentUrl());
        assertEquals(0L, browser.script("return document.querySelectorAll("
                + "'script, b:not(#status), img[src=\"x\"], svg[onload], [onerror], [onload]').length"),
                "no element came from a label or file name at " + browser.currentUrl());
    }

    /** Stored sources by label, from the API (what the server kept: long names are cut, keeping the end). */
    private static Map<String, List<String>> storedSources() throws Exception {
        Map<String, List<String>> byLabel = new HashMap<>();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(up.webUrl() + "api/images?size=500"))
                        .header("Authorization", TestInfra.bearer(up.adminToken())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode page = Json.mapper().readTree(answer.body());
        for (JsonNode item : page.path("items")) {
            byLabel.computeIfAbsent(item.path("label").asText(), k -> new ArrayList<>()).add(item.path("source").asText());
        }
        return byLabel;
    }
}
