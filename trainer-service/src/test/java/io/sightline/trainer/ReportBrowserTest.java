package io.sightline.trainer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.HeadlessBrowser;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import io.sightline.train.Split;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation report in a real headless Chromium. The data set makes one test picture certainly
 * misclassified: a plainly red picture, held out for testing, labelled "blue".
 */
class ReportBrowserTest {
    private static final Color RED = new Color(200, 30, 30);
    private static final Color BLUE = new Color(30, 40, 200);
    /** The trainer's default split: seed 2, 20% test, no validation below 100 pictures. */
    private static final long SPLIT_SEED = 2;
    private static final String ODD_ONE = "blue/actually-red.png";
    /** imageId to source name of what was published. */
    private static final Map<String, String> SOURCES = new HashMap<>();

    private static ApplicationContext context;
    private static HeadlessBrowser browser;
    private static String baseUrl;
    private static ModelRecord model;

    @BeforeAll
    static void trainAModel() {
        TestInfra infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        Topics topics = infra.createTopics(prefix, 2);
        ObjectStore store = infra.store(bucket);
        store.ensureBucket();
        for (int i = 0; i < 12; i++) {
            publish(infra, topics, store, TestImages.png(RED, 64, 48, 500 + i), "red", "red/" + i + ".png");
            publish(infra, topics, store, TestImages.png(BLUE, 64, 48, 600 + i), "blue", "blue/" + i + ".png");
        }
        publish(infra, topics, store, redPictureInTheTestSet(), "blue", ODD_ONE);

        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(prefix, bucket));
        properties.put("sightline.trainer.backbone", "tiny");
        properties.put("sightline.trainer.cache-dir", TestInfra.tempDir("trainer-cache").toString());
        properties.put("sightline.trainer.debounce", "2s");
        properties.put("sightline.trainer.embed-group", prefix + "embed");
        properties.put("sightline.trainer.provider", "cpu");
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        baseUrl = context.getBean(EmbeddedServer.class).getURL().toString();
        ModelRegistry registry = context.getBean(ModelRegistry.class);
        model = await().atMost(Duration.ofSeconds(120)).until(() -> registry.find(1).orElse(null),
                java.util.Objects::nonNull);
        assertTrue(model.evaluation().misclassified().stream().anyMatch(m -> sourceOf(m.itemId()).equals(ODD_ONE)),
                "the red picture labelled blue is misclassified: " + model.evaluation().misclassified());
        browser = HeadlessBrowser.start();
        browser.open(baseUrl + "/api/models/1/report").logIn(TestInfra.ADMIN_TOKEN); // once: the session keeps it
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
    void theReportShowsTheMisclassifiedPicturesAndTheConfusionCellsLinkToThem() {
        browser.open(baseUrl + "/api/models/1/report");
        assertEquals("Sightline model 1", browser.driver().getTitle());
        WebElement banner = browser.waitForVisible(By.id("not-pretrained"));
        assertTrue(banner.getText().startsWith("pretrained: false"), banner.getText());

        // Misclassified: every picture is an inline thumbnail the browser decoded; the odd one is among them.
        List<WebElement> mistakes = browser.assertImagesDecoded(By.cssSelector("#misclassified figure img"));
        assertEquals(model.evaluation().misclassified().size(), mistakes.size());
        mistakes.forEach(img -> assertTrue(img.getDomAttribute("src").startsWith("data:image/"),
                "thumbnails are inline"));
        WebElement odd = browser.driver().findElement(
                By.xpath("//div[@id='misclassified']/figure[img[@alt='" + ODD_ONE + "']]"));
        assertTrue(odd.isDisplayed());
        assertTrue(odd.getText().contains("true: blue") && odd.getText().contains("predicted: red"), odd.getText());

        // The confusion matrix: the cell (true blue, predicted red) counts the odd one and links to its section.
        WebElement matrix = browser.waitForVisible(By.id("confusion"));
        List<String> columns = matrix.findElements(By.cssSelector("tr:first-child th")).stream()
                .map(WebElement::getText).toList().subList(1, 3);
        int t = columns.indexOf("blue");
        int p = columns.indexOf("red");
        assertTrue(t >= 0 && p >= 0 && t != p, columns.toString());
        WebElement cell = matrix.findElement(By.xpath(".//tr[" + (t + 2) + "]/td[" + (p + 1) + "]"));
        assertEquals("off", cell.getDomAttribute("class"));
        WebElement link = cell.findElement(By.tagName("a"));
        int count = Integer.parseInt(link.getText());
        assertTrue(count >= 1, "true blue, predicted red: " + count);
        String anchor = "cell-" + t + "-" + p;
        assertEquals("#" + anchor, link.getDomAttribute("href"));

        link.click();
        browser.waitUntil("navigation to #" + anchor, d -> d.getCurrentUrl().endsWith("#" + anchor));
        assertEquals(anchor, browser.script("return document.querySelector(':target').id"));
        WebElement heading = browser.driver().findElement(By.id(anchor));
        assertEquals("true blue, predicted red (" + count + ")", heading.getText());
        browser.waitUntil("the cell's heading to be scrolled into view",
                d -> Boolean.TRUE.equals(browser.script("const r = arguments[0].getBoundingClientRect();"
                        + " return r.top >= 0 && r.bottom <= window.innerHeight;", heading)));
        By cellPictures = By.xpath("//h3[@id='" + anchor + "']/following-sibling::div[1]/figure/img");
        List<WebElement> inCell = browser.assertImagesDecoded(cellPictures);
        assertEquals(count, inCell.size());
        assertTrue(inCell.stream().anyMatch(img -> ODD_ONE.equals(img.getDomAttribute("alt"))),
                "the odd picture is in its cell");

        // Self-contained: the page fetched nothing besides itself (the favicon is the browser's own request).
        assertEquals(List.of(), browser.script("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => !n.endsWith('/favicon.ico')).map(n => n.substring(0, 60))"));
        assertFalse(browser.driver().getPageSource().contains("src=\"/"), "no fetched images");
    }

    @Test
    void theReportShowsTheAccuracyCoverageCurveAndThePicturesNearestTheUnknownThreshold() {
        browser.open(baseUrl + "/api/models/1/report");
        io.sightline.metrics.AccuracyCoverage coverage = model.coverage();
        assertEquals(model.trainedOn().test(), coverage.count());

        // The curve: a polyline with a point per distinct confidence, drawn (a box the browser laid out).
        WebElement chart = browser.waitForVisible(By.id("coverage"));
        WebElement line = chart.findElement(By.tagName("polyline"));
        assertEquals(coverage.points().size(), line.getDomAttribute("points").split(" ").length);
        Number width = (Number) browser.script("return arguments[0].getBBox().width", line);
        assertTrue(coverage.points().size() == 1 || width.doubleValue() > 0, "the line has a width: " + width);
        assertEquals(coverage.levels().stream().filter(level -> level.answered() > 0).count(),
                chart.findElements(By.tagName("circle")).size(), "a marker per level that answers a picture");

        // The table: every level; at 100% every test picture is answered with the test accuracy.
        List<WebElement> rows = browser.findAll(By.cssSelector("#coverage-levels tr"));
        assertEquals(5, rows.size());
        assertEquals(List.of("100%", String.format(java.util.Locale.ROOT, "%.3f", coverage.levels().get(0).threshold()),
                        Integer.toString(model.trainedOn().test()), "1.000",
                        String.format(java.util.Locale.ROOT, "%.3f", model.metrics().accuracy())),
                rows.get(1).findElements(By.tagName("td")).stream().map(WebElement::getText).toList());

        // The unknown threshold's nearest test pictures: decoded thumbnails, with label, prediction and score.
        List<io.sightline.metrics.ThresholdNeighbours.Neighbour> near = model.calibration().nearThreshold();
        assertFalse(near.isEmpty(), "a few test pictures: some are nearest the threshold");
        browser.waitForVisible(By.id("near-threshold"));
        List<WebElement> pictures = browser.assertImagesDecoded(
                By.cssSelector("#near-known figure img, #near-unknown figure img"));
        assertEquals(near.size(), pictures.size());
        for (io.sightline.metrics.ThresholdNeighbours.Neighbour neighbour : near) {
            String grid = neighbour.above() ? "near-unknown" : "near-known";
            WebElement figure = browser.driver().findElement(By.xpath("//div[@id='" + grid + "']/figure[img[@alt='"
                    + sourceOf(neighbour.itemId()) + "']]"));
            String text = figure.getText();
            assertTrue(text.contains("label: " + sourceOf(neighbour.itemId()).split("/")[0])
                    && text.contains("predicted: ")
                    && text.contains(String.format(java.util.Locale.ROOT, "unknownScore: %.4f", neighbour.score())),
                    text);
        }
    }

    /** A plainly red picture that the trainer's split holds out for testing. */
    private static byte[] redPictureInTheTestSet() {
        for (long seed = 700; ; seed++) {
            byte[] png = TestImages.png(RED, 64, 48, seed);
            if (Split.assign(ImageIds.of(png), SPLIT_SEED, 0.2, 0.0) == Split.Set.TEST) {
                return png;
            }
        }
    }

    private static String sourceOf(String imageId) {
        return SOURCES.getOrDefault(imageId, "?");
    }

    private static void publish(TestInfra infra, Topics topics, ObjectStore store, byte[] png, String label,
                                String source) {
        String imageId = ImageIds.of(png);
        String key = ObjectKeys.image(imageId);
        store.put(key, png, "image/png");
        LabelledImage image = new LabelledImage(imageId, label, store.ref(key), "image/png", 64, 48, png.length,
                source, Instant.now());
        SOURCES.put(imageId, source);
        KafkaTestClients.send(infra.kafkaBootstrap(), topics.images(), imageId, Json.write(image));
    }
}
