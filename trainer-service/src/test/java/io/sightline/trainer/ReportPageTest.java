package io.sightline.trainer;

import io.micronaut.views.ViewsConfigurationProperties;
import io.micronaut.views.thymeleaf.ThymeleafFactory;
import io.micronaut.views.thymeleaf.ThymeleafViewsRendererConfigurationProperties;
import io.sightline.contract.BackboneInfo;
import io.sightline.contract.Pretrained;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.TrainedOn;
import io.sightline.metrics.AccuracyCoverage;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.ThresholdNeighbours;
import io.sightline.train.IterationProgress;
import io.sightline.onnx.Precision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report template, rendered as the trainer renders it, with hostile labels and file names. */
class ReportPageTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String HOSTILE_LABEL = "\"" + SCRIPT;
    private static final String HOSTILE_SOURCE = "x\" onerror=\"alert(2)" + SCRIPT + ".jpg";
    private static final String ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String THUMBNAIL = "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ+/ab==";

    private final ReportPage page = new ReportPage(engine());

    @Test
    void everyLabelAndFileNameIsEscapedInTextAndAttributes() {
        String html = render(true, List.of(new IterationProgress(1, 0.5, 0.75, Double.NaN, Double.NaN, 12)));

        assertFalse(html.contains(SCRIPT), "no markup from a label or file name gets through:\n" + html);
        assertFalse(html.contains("onerror=\"alert"), "no attribute breaks out:\n" + html);
        // Labels: the header's list, the metrics table, the confusion matrix, cell headings and captions.
        assertTrue(html.contains("<td class=\"l\">cat, &quot;" + ESCAPED_SCRIPT + "</td>"), html);
        assertTrue(html.contains("<th>&quot;" + ESCAPED_SCRIPT + "</th>"), html);
        assertTrue(html.contains("true cat, predicted &quot;" + ESCAPED_SCRIPT + " (1)"), html);
        assertTrue(html.contains("true: cat<br>predicted: &quot;" + ESCAPED_SCRIPT + " (0.800)"), html);
        assertTrue(html.contains("label: cat<br>predicted: &quot;" + ESCAPED_SCRIPT + " (0.800)<br>unknownScore: 1.3000"),
                html);
        // A file name, as an attribute and as text.
        String escapedSource = "x&quot; onerror=&quot;alert(2)" + ESCAPED_SCRIPT + ".jpg";
        assertTrue(html.contains("alt=\"" + escapedSource + "\""), html);
        assertTrue(html.contains("<figcaption>" + escapedSource + "<br>"), html);
    }

    @Test
    void thumbnailsStayInlineDataUrisAndThePageKeepsItsLandmarks() {
        String html = render(false, List.of(new IterationProgress(1, 0.5, 0.75, Double.NaN, Double.NaN, 12),
                new IterationProgress(2, 0.25, 1.0, Double.NaN, Double.NaN, 20)));

        assertTrue(html.contains("src=\"" + THUMBNAIL + "\""), "the data URI is written as it is:\n" + html);
        assertFalse(html.contains("src=\"/"), "nothing to fetch");
        assertTrue(html.contains("<title>Sightline model 7</title>"), html);
        for (String id : List.of("status", "not-pretrained", "curve", "metrics", "confusion", "misclassified",
                "near-threshold", "near-known", "near-unknown", "coverage", "coverage-levels", "cell-0-0", "cell-0-1", "cell-1-0", "cell-1-1")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("<b id=\"status\">rejected</b>: accuracy 0.667 is below version 6&#39;s"), html);
        assertTrue(html.contains("pretrained: false — the backbone"), html);
        assertTrue(html.contains("tiny (pretrained: false, sha256 0123456789ab…)"), html);
        assertTrue(html.contains("Precision: fp32 (int8 accuracy 0.500 is more than 0.010 below fp32&#39;s 0.667: serving "
                + "fp32; int8 accuracy 0.500, fp32 0.667 on 3 test pictures; minmax ranges from 2 training pictures "
                + "of version 1; 1.2 s)"),
                html);
        assertTrue(html.contains("<a href=\"#cell-0-1\">1</a>"), html);
        assertTrue(html.contains("<td class=\"diag\">"), html);
        // Numbers with 3 decimals, "–" where undefined; the chart's points as before.
        assertTrue(html.contains("<td>0.500</td><td>0.750</td><td>–</td>"), html);
        assertTrue(html.contains("<polyline fill=\"none\" stroke=\"#dc2626\" stroke-width=\"2\""
                + " points=\"40.0,10.0 680.0,120.0 \"/>"), html);
        String trainingChart = html.substring(html.indexOf("<svg id=\"curve\""), html.indexOf("<svg id=\"reliability\""));
        assertEquals(2, trainingChart.split("<polyline ").length - 1, "no validation line without validation");
        assertTrue(html.contains("iteration 1 … 2"), html);
        assertTrue(html.contains("<span class=\"num\" id=\"ece-before\">0.1200</span> before,"), html);
        assertTrue(html.contains("<span class=\"num\" id=\"ece-after\">0.0300</span> after."), html);
        assertTrue(html.contains("<span class=\"num\" id=\"temperature\">1.700</span>"), html);
        assertTrue(html.contains("<span class=\"num\" id=\"unknown-threshold\">1.2500</span>"), html);
        // The pictures nearest the threshold 1.25: cat.jpg (0.9) under it, the hostile one (1.3) above it.
        assertTrue(html.matches("(?s).*<div class=\"grid\" id=\"near-known\"><figure><img\\s+alt=\"cat.jpg\"[^>]*>"
                + "<figcaption>cat.jpg<br>label: cat<br>predicted: cat \\(0.900\\)<br>unknownScore: 0.9000</figcaption>"
                + "</figure></div>.*"), html);
        assertTrue(html.matches("(?s).*<div class=\"grid\" id=\"near-unknown\"><figure><img\\s+alt=\"x&quot;[^<]*"
                + "<figcaption>[^<]*<br>label: cat<br>[^<]*<br>unknownScore: 1.3000</figcaption></figure></div>.*"), html);
        // Accuracy and coverage of confidences 0.9 (right), 0.8 (wrong), 0.7 (right): lowest accuracy 0.5 at the
        // bottom of the chart; x = 40 + 400 * coverage, y = 10 + 220 * (1 - (accuracy - 0.5) / 0.5).
        assertTrue(html.contains("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\""
                + " points=\"173.3,10.0 306.7,230.0 440.0,156.7\"/>"), html);
        assertTrue(html.contains("<tr><td>100%</td><td>0.700</td><td>3</td><td>1.000</td><td>0.667</td></tr>"), html);
        assertTrue(html.contains("<tr><td>90%</td><td>0.800</td><td>2</td><td>0.667</td><td>0.500</td></tr>"), html);
        assertTrue(html.contains("<tr><td>50%</td><td>0.900</td><td>1</td><td>0.333</td><td>1.000</td></tr>"), html);
        assertEquals(4, html.split("<circle ").length - 1, "a marker per level");
        assertTrue(html.contains("<title>90% asked: confidence ≥ 0.800 answers 2 of 3 (0.667), accuracy 0.500</title>"),
                html);
        // Two test pictures, confidences 0.9 (right) and 0.8 (wrong): two bars, accuracy 1 (full height) and 0.
        assertTrue(html.contains("<rect x=\"256.0\" y=\"10.0\" width=\"23.0\" height=\"240.0\""), html);
        assertTrue(html.contains("<rect x=\"232.0\" y=\"250.0\" width=\"23.0\" height=\"0.0\""), html);
    }

    @Test
    void aReportWithoutIterationsOrMistakesSaysSo() {
        Evaluation perfect = Evaluation.of(List.of("a"), new int[] {0}, new double[][] {{1.0}}, List.of("i0"));
        String html = page.render(record(Pretrained.TRUE, List.of(), perfect), List.of(), item -> THUMBNAIL);
        assertTrue(html.contains("<p>No iterations recorded.</p>"), html);
        assertTrue(html.contains("<p>None: every test picture was classified correctly.</p>"), html);
        assertFalse(html.contains("id=\"not-pretrained\""), html);
        assertFalse(html.contains("id=\"curve\""), html);
    }

    @Test
    void aBackboneNobodyVouchedForIsReportedPretrainedUnknown() {
        Evaluation perfect = Evaluation.of(List.of("a"), new int[] {0}, new double[][] {{1.0}}, List.of("i0"));
        String html = page.render(record(Pretrained.UNKNOWN, List.of(), perfect), List.of(), item -> THUMBNAIL);
        assertTrue(html.contains("id=\"pretrained-unknown\""), html);
        assertTrue(html.contains("pretrained: unknown — nothing says whether the weights"), html);
        assertTrue(html.contains("tiny (pretrained: unknown, sha256 0123456789ab…)"), html);
        assertFalse(html.contains("id=\"not-pretrained\""), html);
    }

    @Test
    void aRecordWrittenBeforeCoverageAndNeighboursShowsNeither() {
        Evaluation perfect = Evaluation.of(List.of("a"), new int[] {0}, new double[][] {{1.0}}, List.of("i0"));
        ModelRecord current = record(Pretrained.TRUE, List.of(), perfect);
        ModelRecord.Calibration c = current.calibration();
        ModelRecord older = new ModelRecord(current.name(), current.version(), current.status(), current.reason(),
                current.createdAt(), current.artifact(), current.sha256(), current.labels(), current.backbone(),
                current.metrics(), current.trainedOn(), perfect, List.of(), "converged", 1.5, null, null, List.of(),
                new ModelRecord.Calibration(c.temperature(), c.heldOut(), c.heldOutPictures(), c.eceBefore(),
                        c.eceAfter(), c.reliability(), c.unknownMethod(), c.unknownThreshold(), c.falseUnknownRate(),
                        c.testUnknownShare(), null), null, null);
        String html = page.render(older, List.of(), item -> THUMBNAIL);
        assertTrue(html.contains("id=\"unknown-threshold\""), html);
        for (String id : List.of("near-threshold", "near-known", "coverage", "coverage-levels")) {
            assertFalse(html.contains("id=\"" + id + "\""), id);
        }
    }

    private String render(boolean pretrained, List<IterationProgress> history) {
        List<String> labels = List.of("cat", HOSTILE_LABEL);
        // Three test pictures: a cat, a cat taken for the other label (misclassified), the other label.
        Evaluation evaluation = Evaluation.of(labels, new int[] {0, 0, 1},
                new double[][] {{0.9, 0.1}, {0.2, 0.8}, {0.3, 0.7}}, List.of("i0", "i1", "i2"));
        List<ReportView.Item> items = List.of(
                new ReportView.Item(item("i0", "cat.jpg", "cat"), "cat", 0.9),
                new ReportView.Item(item("i1", HOSTILE_SOURCE, "cat"), HOSTILE_LABEL, 0.8),
                new ReportView.Item(item("i2", "other.jpg", HOSTILE_LABEL), HOSTILE_LABEL, 0.7));
        return page.render(record(Pretrained.of(pretrained), history, evaluation), items, item -> THUMBNAIL);
    }

    private static ModelRecord record(Pretrained pretrained, List<IterationProgress> history, Evaluation evaluation) {
        return new ModelRecord("default", 7, ModelStatus.REJECTED, "accuracy 0.667 is below version 6's 1.000",
                Instant.parse("2024-05-01T10:00:00Z"), new ObjectRef("b", "models/default/7/model.onnx"), "abc",
                evaluation.labels(), new BackboneInfo("tiny", "0123456789abcdef", pretrained),
                evaluation.toModelMetrics(), new TrainedOn(2, 0, evaluation.count()), evaluation, history, "converged",
                1.5, 6, 1.0, List.of(), new ModelRecord.Calibration(1.7, io.sightline.train.HeadCalibrator.HeldOut.CROSS_VALIDATION,
                        40, 0.12, 0.03, io.sightline.metrics.Reliability.of(new double[][] {{0.9, 0.1}, {0.2, 0.8}},
                        new int[] {0, 0}, 10).bins(), "mahalanobis-shrunk", 1.25, 0.05, 1.0 / 3, List.of(
                        new ThresholdNeighbours.Neighbour("i0", 0.9, false),
                        new ThresholdNeighbours.Neighbour("i1", 1.3, true))),
                AccuracyCoverage.of(new double[] {0.9, 0.8, 0.7}, new boolean[] {true, false, true}),
                new PrecisionReport(Precision.INT8, Precision.FP32,
                        "int8 accuracy 0.500 is more than 0.010 below fp32's 0.667: serving fp32", 0.667, 0.5, 3, 2,
                        "minmax", 1, 1.2));
    }

    private static ModelRecord.TestItem item(String id, String source, String label) {
        return new ModelRecord.TestItem(id, source, label, new ObjectRef("b", "images/" + id));
    }

    /** The engine as micronaut-views-thymeleaf configures it by default (views/*.html, UTF-8). */
    private static TemplateEngine engine() {
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(new ThymeleafFactory().templateResolver(new ViewsConfigurationProperties(),
                new ThymeleafViewsRendererConfigurationProperties()));
        return engine;
    }
}
