package io.sightline.trainer;

import io.micronaut.core.annotation.Nullable;
import io.sightline.metrics.ClassMetrics;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Misclassified;
import io.sightline.metrics.ThresholdNeighbours;
import io.sightline.train.IterationProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the evaluation report ({@code views/report.html}) shows of a model version, every number already formatted
 * (3 decimals, "–" when undefined). Plain values only; the template escapes every one of them.
 *
 * @param model              the version
 * @param backboneDigest     the start of the backbone's SHA-256
 * @param pictures           train + validation + test
 * @param labels             the labels, comma separated
 * @param curve              the training chart, null without iterations
 * @param iterations         the training table
 * @param scores             the test-set metrics
 * @param classes            the metrics per class
 * @param confusion          the confusion matrix, a row per true label
 * @param misclassifiedCount how many test pictures were misclassified
 * @param misclassified      those pictures, most confident first
 * @param cells              the pictures of each confusion cell
 * @param calibration        temperature, calibration error and unknown threshold; null for older records
 * @param nearKnown          the test pictures just at or below the unknown threshold, nearest last
 * @param nearUnknown        the test pictures just above it, nearest first
 * @param coverage           the accuracy–coverage curve; null for older records
 */
public record ReportView(ModelRecord model, String backboneDigest, int pictures, String labels,
                         @Nullable TrainingCurve curve, List<IterationRow> iterations, Scores scores,
                         List<ClassRow> classes, List<ConfusionRow> confusion, int misclassifiedCount,
                         List<Picture> misclassified, List<Cell> cells, @Nullable CalibrationView calibration,
                         List<Picture> nearKnown, List<Picture> nearUnknown, @Nullable CoverageView coverage) {

    /** A test picture with the candidate's prediction. */
    public record Item(ModelRecord.TestItem picture, String predicted, double probability) {
    }

    /** The view of {@code record}; {@code thumbnail} gives a picture's inline (data URI) thumbnail. */
    static ReportView of(ModelRecord record, List<Item> items, Function<ModelRecord.TestItem, String> thumbnail) {
        Evaluation evaluation = record.evaluation();
        String sha256 = record.backbone().sha256();
        Map<String, Item> byId = new HashMap<>();
        items.forEach(item -> byId.put(item.picture().imageId(), item));
        List<ThresholdNeighbours.Neighbour> near = record.calibration() == null
                || record.calibration().nearThreshold() == null ? List.of() : record.calibration().nearThreshold();
        return new ReportView(record, sha256.substring(0, Math.min(12, sha256.length())),
                record.trainedOn().images() + record.trainedOn().validation() + record.trainedOn().test(),
                String.join(", ", record.labels()), TrainingCurve.of(record.history()),
                record.history().stream().map(IterationRow::of).toList(), Scores.of(evaluation),
                evaluation.perClass().stream().map(ClassRow::of).toList(), ConfusionRow.of(evaluation),
                evaluation.misclassified().size(), misclassified(evaluation, byId, thumbnail),
                Cell.of(evaluation, items, thumbnail), CalibrationView.of(record.calibration()),
                nearThreshold(near, false, byId, thumbnail), nearThreshold(near, true, byId, thumbnail),
                CoverageView.of(record.coverage()));
    }

    /** What the served model computes in and why (fp32 for records written before int8 existed). */
    public String precision() {
        return model.precision() == null ? "fp32" : model.precision().summary();
    }

    /** The confusion matrix's labels, the order of its rows and columns. */
    public List<String> confusionLabels() {
        return model.evaluation().confusionMatrix().labels();
    }

    private static List<Picture> misclassified(Evaluation evaluation, Map<String, Item> byId,
                                               Function<ModelRecord.TestItem, String> thumbnail) {
        List<Picture> pictures = new ArrayList<>();
        for (Misclassified mistake : evaluation.misclassified()) {
            Item item = byId.get(mistake.itemId());
            if (item != null) {
                pictures.add(new Picture(item.picture().source(), thumbnail.apply(item.picture()), List.of(
                        "true: " + mistake.trueLabel(),
                        "predicted: " + mistake.predictedLabel() + probability(mistake.predictedProbability()))));
            }
        }
        return pictures;
    }

    /** The pictures of {@code near} on one side of the threshold: label, prediction, unknown score. */
    private static List<Picture> nearThreshold(List<ThresholdNeighbours.Neighbour> near, boolean above,
                                               Map<String, Item> byId,
                                               Function<ModelRecord.TestItem, String> thumbnail) {
        List<Picture> pictures = new ArrayList<>();
        for (ThresholdNeighbours.Neighbour neighbour : near) {
            Item item = byId.get(neighbour.itemId());
            if (item != null && neighbour.above() == above) {
                pictures.add(new Picture(item.picture().source(), thumbnail.apply(item.picture()), List.of(
                        "label: " + item.picture().label(),
                        "predicted: " + item.predicted() + probability(item.probability()),
                        String.format(Locale.ROOT, "unknownScore: %.4f", neighbour.score()))));
            }
        }
        return pictures;
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String probability(double value) {
        return String.format(Locale.ROOT, " (%.3f)", value);
    }

    private static String cellAnchor(int truth, int predicted) {
        return "cell-" + truth + "-" + predicted;
    }

    /** One training iteration. */
    public record IterationRow(int iteration, String trainLoss, String trainAccuracy, String validationAccuracy,
                               long elapsedMillis) {
        static IterationRow of(IterationProgress p) {
            return new IterationRow(p.iteration(), format(p.trainLoss()), format(p.trainAccuracy()),
                    format(p.validationAccuracy()), p.elapsedMillis());
        }
    }

    /** The metrics on the whole test set. */
    public record Scores(String accuracy, String macroPrecision, String macroRecall, String macroF1, String logLoss,
                         String macroRocAuc) {
        static Scores of(Evaluation e) {
            return new Scores(format(e.accuracy()), format(e.macroPrecision()), format(e.macroRecall()),
                    format(e.macroF1()), format(e.logLoss()), format(e.macroRocAuc()));
        }
    }

    /** The metrics of one class. */
    public record ClassRow(String label, String precision, String recall, String f1, int support, String rocAuc) {
        static ClassRow of(ClassMetrics m) {
            return new ClassRow(m.label(), format(m.precision()), format(m.recall()), format(m.f1()), m.support(),
                    format(m.rocAuc()));
        }
    }

    /** A row of the confusion matrix: a true label and what its pictures were predicted as. */
    public record ConfusionRow(String label, List<ConfusionCount> counts) {
        static List<ConfusionRow> of(Evaluation evaluation) {
            List<String> labels = evaluation.confusionMatrix().labels();
            List<ConfusionRow> rows = new ArrayList<>();
            for (int t = 0; t < labels.size(); t++) {
                List<ConfusionCount> counts = new ArrayList<>();
                for (int p = 0; p < labels.size(); p++) {
                    counts.add(new ConfusionCount(evaluation.confusionMatrix().count(t, p), t == p, cellAnchor(t, p)));
                }
                rows.add(new ConfusionRow(labels.get(t), counts));
            }
            return rows;
        }
    }

    /**
     * One cell of the confusion matrix.
     *
     * @param diagonal true label = predicted label
     * @param anchor   the id of the cell's {@link Cell} section
     */
    public record ConfusionCount(int count, boolean diagonal, String anchor) {
    }

    /** The section of one confusion cell: the test pictures of that true label predicted as that label. */
    public record Cell(String anchor, String trueLabel, String predictedLabel, List<Picture> pictures) {
        static List<Cell> of(Evaluation evaluation, List<Item> items,
                             Function<ModelRecord.TestItem, String> thumbnail) {
            List<String> labels = evaluation.confusionMatrix().labels();
            List<Cell> cells = new ArrayList<>();
            for (int t = 0; t < labels.size(); t++) {
                for (int p = 0; p < labels.size(); p++) {
                    List<Picture> pictures = new ArrayList<>();
                    for (Item item : items) {
                        if (item.picture().label().equals(labels.get(t)) && item.predicted().equals(labels.get(p))) {
                            pictures.add(new Picture(item.picture().source(), thumbnail.apply(item.picture()),
                                    List.of(item.predicted() + probability(item.probability()))));
                        }
                    }
                    cells.add(new Cell(cellAnchor(t, p), labels.get(t), labels.get(p), pictures));
                }
            }
            return cells;
        }
    }

    /**
     * A test picture shown inline.
     *
     * @param thumbnail a {@code data:} URI
     * @param caption   the lines under the file name
     */
    public record Picture(String source, String thumbnail, List<String> caption) {
    }
}
