package io.sightline.trainer;

import io.sightline.html.Html;
import io.sightline.metrics.ClassMetrics;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Misclassified;
import io.sightline.train.IterationProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The evaluation report: one self-contained HTML file (styles, chart and thumbnails inline, nothing
 * fetched), so it opens offline and can be mailed around.
 */
public final class ReportPage {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
            h1{margin-bottom:4px}h2{margin-top:32px;border-bottom:1px solid #ddd}
            .warn{background:#fff3cd;border:2px solid #e0a800;padding:12px;font-weight:bold;margin:12px 0}
            table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
            th{background:#f3f4f6}td.l,th.l{text-align:left}.cm td a{display:block;color:inherit;text-decoration:none}
            .cm td.diag{background:#dcfce7}.cm td.off{background:#fee2e2}.grid{display:flex;flex-wrap:wrap;gap:10px}
            figure{margin:0;width:150px;font-size:12px;border:1px solid #ddd;padding:4px;border-radius:4px}
            figure img{width:140px;height:140px;object-fit:contain;display:block;margin:auto}
            .muted{color:#666}.cell{scroll-margin-top:12px}
            """;

    private ReportPage() {
    }

    /** A test picture with the candidate's prediction. */
    public record Item(ModelRecord.TestItem picture, String predicted, double probability) {
    }

    public static String render(ModelRecord record, List<Item> items, Function<ModelRecord.TestItem, String> thumbnail) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sightline model ")
                .append(record.version()).append("</title><style>").append(STYLE).append("</style></head><body>");
        header(html, record);
        curve(html, record.history());
        metrics(html, record.evaluation());
        confusion(html, record.evaluation());
        misclassified(html, record.evaluation(), items, thumbnail);
        cells(html, record.evaluation(), items, thumbnail);
        return html.append("</body></html>").toString();
    }

    private static void header(StringBuilder html, ModelRecord record) {
        html.append("<h1>Model ").append(Html.escape(record.name())).append(" version ").append(record.version())
                .append("</h1><p class=\"muted\">").append(record.createdAt()).append(" · <b id=\"status\">")
                .append(Html.escape(record.status().wire())).append("</b>: ").append(Html.escape(record.reason()))
                .append("</p>");
        if (!record.backbone().pretrained()) {
            html.append("<div class=\"warn\" id=\"not-pretrained\">pretrained: false — the backbone '")
                    .append(Html.escape(record.backbone().id()))
                    .append("' has random weights, so its features are not pretrained and accuracy is far below what")
                    .append(" the pretrained ResNet-50 gives. Use --backbone resnet50 with network access.</div>");
        }
        html.append("<h2>Data</h2><table><tr><th class=\"l\">pictures</th><th>train</th><th>validation</th>")
                .append("<th>test</th><th class=\"l\">labels</th><th class=\"l\">backbone</th></tr><tr><td class=\"l\">")
                .append(record.trainedOn().images() + record.trainedOn().validation() + record.trainedOn().test())
                .append("</td><td>").append(record.trainedOn().images()).append("</td><td>")
                .append(record.trainedOn().validation()).append("</td><td>").append(record.trainedOn().test())
                .append("</td><td class=\"l\">").append(Html.escape(String.join(", ", record.labels())))
                .append("</td><td class=\"l\">").append(Html.escape(record.backbone().id())).append(" (pretrained: ")
                .append(record.backbone().pretrained()).append(", sha256 ")
                .append(Html.escape(record.backbone().sha256().substring(0, Math.min(12, record.backbone().sha256().length()))))
                .append("…)</td></tr></table>");
    }

    private static void curve(StringBuilder html, List<IterationProgress> history) {
        html.append("<h2>Training</h2>");
        if (history.isEmpty()) {
            html.append("<p>No iterations recorded.</p>");
            return;
        }
        int width = 640;
        int height = 220;
        double maxLoss = history.stream().mapToDouble(IterationProgress::trainLoss).max().orElse(1);
        html.append("<svg id=\"curve\" width=\"").append(width + 60).append("\" height=\"").append(height + 40)
                .append("\" viewBox=\"0 0 ").append(width + 60).append(' ').append(height + 40)
                .append("\"><rect x=\"40\" y=\"10\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        polyline(html, history, p -> p.trainLoss() / maxLoss, "#dc2626", width, height);
        polyline(html, history, IterationProgress::trainAccuracy, "#2563eb", width, height);
        if (history.stream().anyMatch(p -> !Double.isNaN(p.validationAccuracy()))) {
            polyline(html, history, IterationProgress::validationAccuracy, "#16a34a", width, height);
        }
        html.append("<text x=\"40\" y=\"").append(height + 30).append("\" font-size=\"12\">iteration 1 … ")
                .append(history.size()).append("  ·  red: train loss (scaled), blue: train accuracy, green: ")
                .append("validation accuracy</text></svg>");
        html.append("<table><tr><th>iteration</th><th>train loss</th><th>train accuracy</th>")
                .append("<th>validation accuracy</th><th>elapsed ms</th></tr>");
        for (IterationProgress p : history) {
            html.append("<tr><td>").append(p.iteration()).append("</td><td>").append(fmt(p.trainLoss()))
                    .append("</td><td>").append(fmt(p.trainAccuracy())).append("</td><td>")
                    .append(fmt(p.validationAccuracy())).append("</td><td>").append(p.elapsedMillis()).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void polyline(StringBuilder html, List<IterationProgress> history,
                                 java.util.function.ToDoubleFunction<IterationProgress> value, String color,
                                 int width, int height) {
        html.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < history.size(); i++) {
            double x = 40 + (history.size() == 1 ? 0 : (double) i * width / (history.size() - 1));
            double v = value.applyAsDouble(history.get(i));
            double y = 10 + height * (1 - (Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v))));
            html.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        html.append("\"/>");
    }

    private static void metrics(StringBuilder html, Evaluation evaluation) {
        html.append("<h2>Metrics on the test set</h2><table id=\"metrics\"><tr><th class=\"l\">accuracy</th>")
                .append("<th>macro precision</th><th>macro recall</th><th>macro F1</th><th>log-loss</th>")
                .append("<th>macro ROC AUC</th></tr><tr><td class=\"l\">").append(fmt(evaluation.accuracy()))
                .append("</td><td>").append(fmt(evaluation.macroPrecision())).append("</td><td>")
                .append(fmt(evaluation.macroRecall())).append("</td><td>").append(fmt(evaluation.macroF1()))
                .append("</td><td>").append(fmt(evaluation.logLoss())).append("</td><td>")
                .append(fmt(evaluation.macroRocAuc())).append("</td></tr></table><br><table><tr><th class=\"l\">label")
                .append("</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>ROC AUC</th></tr>");
        for (ClassMetrics metrics : evaluation.perClass()) {
            html.append("<tr><td class=\"l\">").append(Html.escape(metrics.label())).append("</td><td>")
                    .append(fmt(metrics.precision())).append("</td><td>").append(fmt(metrics.recall()))
                    .append("</td><td>").append(fmt(metrics.f1())).append("</td><td>").append(metrics.support())
                    .append("</td><td>").append(fmt(metrics.rocAuc())).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void confusion(StringBuilder html, Evaluation evaluation) {
        List<String> labels = evaluation.confusionMatrix().labels();
        int[][] matrix = evaluation.confusionMatrix().matrix();
        html.append("<h2>Confusion matrix</h2><p class=\"muted\">Rows: true label. Columns: predicted. ")
                .append("Click a cell to see its pictures.</p><table class=\"cm\" id=\"confusion\"><tr><th></th>");
        labels.forEach(label -> html.append("<th>").append(Html.escape(label)).append("</th>"));
        html.append("</tr>");
        for (int t = 0; t < labels.size(); t++) {
            html.append("<tr><th class=\"l\">").append(Html.escape(labels.get(t))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                html.append("<td class=\"").append(t == p ? "diag" : "off").append("\"><a href=\"#cell-").append(t)
                        .append('-').append(p).append("\">").append(matrix[t][p]).append("</a></td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private static void misclassified(StringBuilder html, Evaluation evaluation, List<Item> items,
                                      Function<ModelRecord.TestItem, String> thumbnail) {
        Map<String, Item> byId = new java.util.HashMap<>();
        items.forEach(item -> byId.put(item.picture().imageId(), item));
        html.append("<h2>Misclassified (").append(evaluation.misclassified().size())
                .append("), most confident first</h2><div class=\"grid\" id=\"misclassified\">");
        for (Misclassified mistake : evaluation.misclassified()) {
            Item item = byId.get(mistake.itemId());
            if (item != null) {
                figure(html, item, thumbnail, "true: " + Html.escape(mistake.trueLabel()) + "<br>predicted: "
                        + Html.escape(mistake.predictedLabel()) + String.format(Locale.ROOT, " (%.3f)",
                        mistake.predictedProbability()));
            }
        }
        if (evaluation.misclassified().isEmpty()) {
            html.append("<p>None: every test picture was classified correctly.</p>");
        }
        html.append("</div>");
    }

    private static void cells(StringBuilder html, Evaluation evaluation, List<Item> items,
                              Function<ModelRecord.TestItem, String> thumbnail) {
        List<String> labels = evaluation.confusionMatrix().labels();
        html.append("<h2>Pictures by cell</h2>");
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                List<Item> inCell = new ArrayList<>();
                for (Item item : items) {
                    if (item.picture().label().equals(labels.get(t)) && item.predicted().equals(labels.get(p))) {
                        inCell.add(item);
                    }
                }
                html.append("<h3 class=\"cell\" id=\"cell-").append(t).append('-').append(p).append("\">true ")
                        .append(Html.escape(labels.get(t))).append(", predicted ").append(Html.escape(labels.get(p)))
                        .append(" (").append(inCell.size()).append(")</h3><div class=\"grid\">");
                inCell.forEach(item -> figure(html, item, thumbnail, Html.escape(item.predicted())
                        + String.format(Locale.ROOT, " (%.3f)", item.probability())));
                html.append("</div>");
            }
        }
    }

    private static void figure(StringBuilder html, Item item, Function<ModelRecord.TestItem, String> thumbnail,
                               String caption) {
        html.append("<figure><img alt=\"").append(Html.escape(item.picture().source())).append("\" src=\"")
                .append(thumbnail.apply(item.picture())).append("\"><figcaption>")
                .append(Html.escape(item.picture().source())).append("<br>").append(caption)
                .append("</figcaption></figure>");
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }
}
