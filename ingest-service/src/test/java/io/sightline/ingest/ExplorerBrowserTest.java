package io.sightline.ingest;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.testing.HeadlessBrowser;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dataset explorer at {@code GET /} in a real headless Chromium. */
class ExplorerBrowserTest {
    private static final String DORAEMON = "哆啦A梦";
    private static ApplicationContext context;
    private static HeadlessBrowser browser;
    private static String baseUrl;
    private static IngestClient ingest;
    /** imageId to label of what was uploaded. */
    private static final Map<String, String> UPLOADED = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        TestInfra infra = TestInfra.get();
        context = ApplicationContext.run(EmbeddedServer.class,
                infra.micronautProperties(infra.uniquePrefix(), infra.uniqueBucket())).getApplicationContext();
        baseUrl = context.getBean(EmbeddedServer.class).getURL().toString();
        ingest = IngestClient.of(context);
        browser = HeadlessBrowser.start();

        upload(TestImages.png(Color.GRAY, 300, 200, 31), "walle", "walle-1.png");
        upload(TestImages.jpeg(Color.ORANGE, 200, 300, 32), "walle", "walle-2.jpg");
        upload(TestImages.png(new Color(150, 120, 60), 64, 64, 33), "walle", "walle-3.png");
        upload(TestImages.jpeg(Color.BLUE, 120, 90, 34), DORAEMON, "哆啦-1.jpg");
        upload(TestImages.png(Color.CYAN, 90, 120, 35), DORAEMON, "哆啦-2.png");
        // The catalog follows the images topic: wait until it has caught up before looking.
        await().atMost(Duration.ofSeconds(30)).until(() -> Json.mapper().readTree(get("/api/labels")).size() == 2
                && Json.mapper().readTree(get("/api/labels")).path(DORAEMON).asInt() == 2
                && Json.mapper().readTree(get("/api/labels")).path("walle").asInt() == 3);
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void showsTheLabelsAndEveryThumbnailLoadsAndALabelFiltersTheGrid() {
        browser.open(baseUrl + "/");
        assertEquals("Sightline login", browser.driver().getTitle(), "the explorer asks for a token first");
        browser.logIn(TestInfra.CONTRIBUTE_TOKEN);
        assertEquals("Sightline dataset", browser.driver().getTitle());
        browser.open(baseUrl + "/");
        assertEquals("Sightline dataset", browser.driver().getTitle(), "once: the browser session keeps the token");

        List<String> labels = browser.findAll(By.cssSelector("nav#labels a.label")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("All (5)", "walle (3)", DORAEMON + " (2)"), labels);
        assertEquals("All (5)", browser.driver().findElement(By.cssSelector("nav#labels a.on")).getText());

        List<WebElement> figures = browser.findAll(By.cssSelector("figure.picture"));
        assertEquals(5, figures.size());
        List<WebElement> thumbnails = browser.assertImagesDecoded(By.cssSelector("figure.picture img"));
        assertEquals(thumbnailUrls(UPLOADED.keySet()), thumbnails.stream()
                .map(img -> img.getDomProperty("src")).collect(Collectors.toSet()));
        for (WebElement thumbnail : thumbnails) {
            assertTrue(browser.naturalWidth(thumbnail) <= 160, "a 160px thumbnail, not the picture: "
                    + browser.naturalWidth(thumbnail));
        }

        browser.driver().findElement(By.linkText(DORAEMON + " (2)")).click();
        browser.waitUntil("the grid to show only " + DORAEMON,
                d -> d.findElements(By.cssSelector("figure.picture")).size() == 2
                        && d.findElements(By.cssSelector("nav#labels a.on")).stream()
                                .anyMatch(a -> a.getText().equals(DORAEMON + " (2)")));
        browser.waitForDocument();
        assertTrue(URLDecoder.decode(browser.currentUrl(), StandardCharsets.UTF_8).endsWith("/?label=" + DORAEMON),
                browser.currentUrl());
        List<WebElement> filtered = browser.findAll(By.cssSelector("figure.picture"));
        assertEquals(List.of(DORAEMON, DORAEMON), filtered.stream().map(f -> f.getDomAttribute("data-label")).toList());
        assertTrue(filtered.get(0).getText().contains("哆啦-1.jpg"), filtered.get(0).getText());
        Set<String> doraemonIds = UPLOADED.entrySet().stream().filter(e -> e.getValue().equals(DORAEMON))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(thumbnailUrls(doraemonIds), browser.assertImagesDecoded(By.cssSelector("figure.picture img"))
                .stream().map(img -> img.getDomProperty("src")).collect(Collectors.toSet()));
        // The label list stays complete while filtered.
        assertEquals(labels, browser.findAll(By.cssSelector("nav#labels a.label")).stream()
                .map(WebElement::getText).toList());
    }

    private static Set<String> thumbnailUrls(Set<String> imageIds) {
        return imageIds.stream().map(id -> URI.create(baseUrl).resolve("/api/images/" + id + "/thumbnail").toString())
                .collect(Collectors.toSet());
    }

    private static void upload(byte[] bytes, String label, String fileName) {
        HttpResponse<String> response = ingest.upload(bytes, label, fileName);
        assertEquals(201, response.statusCode(), response.body());
        UPLOADED.put(ImageIds.of(bytes), label);
    }

    private static String get(String path) {
        return ingest.get(path).body();
    }
}
