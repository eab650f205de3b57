package io.sightline.metrics;

import io.sightline.contract.ModelMetrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Metrics of predicted class probabilities against the truth. The prediction is the arg-max (the lowest class id
 * on ties).
 *
 * <p>Macro averages (precision, recall, F1) are over the classes that occur in the truth or in the predictions
 * (scikit-learn's default label set); a class absent from both carries no information and is left out. Within
 * that set a never-predicted class has precision 0 and a class without examples has recall 0. Macro ROC AUC is the
 * mean over classes whose AUC is defined (NaN if none).
 *
 * @param labels          class names
 * @param count           number of examples
 * @param accuracy        fraction predicted correctly
 * @param macroPrecision  see above
 * @param macroRecall     see above
 * @param macroF1         mean of the per-class F1 (not the F1 of the macro precision and recall)
 * @param macroRocAuc     mean of the defined per-class AUCs
 * @param logLoss         mean of {@code -ln p_true}, each probability first clipped to [1e-15, 1 - 1e-15]
 * @param perClass        per-class metrics, in label order
 * @param confusionMatrix rows truth, columns prediction
 * @param misclassified   the mistakes, most confident first
 */
public record Evaluation(List<String> labels, int count, double accuracy, double macroPrecision,
                         double macroRecall, double macroF1, double macroRocAuc, double logLoss,
                         List<ClassMetrics> perClass, ConfusionMatrix confusionMatrix,
                         List<Misclassified> misclassified) {

    /** Probabilities are clipped to [EPSILON, 1 - EPSILON] for the log-loss. */
    public static final double EPSILON = 1e-15;

    public Evaluation {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
        misclassified = List.copyOf(misclassified);
    }

    /**
     * Evaluates.
     *
     * @param labels        class names, at least one
     * @param truth         true class id per item
     * @param probabilities per item, one probability per class
     * @param itemIds       per item id used in {@link #misclassified()}; null to use the row index
     */
    public static Evaluation of(List<String> labels, int[] truth, double[][] probabilities, List<String> itemIds) {
        validate(labels, truth, probabilities, itemIds);
        int classes = labels.size();
        int n = truth.length;
        int[] predicted = new int[n];
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++) {
            predicted[i] = argMax(probabilities[i]);
            confusion[truth[i]][predicted[i]]++;
            if (predicted[i] == truth[i]) {
                correct++;
            }
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, probabilities[i][truth[i]]));
            logLoss -= Math.log(p);
        }
        List<ClassMetrics> perClass = perClass(labels, truth, probabilities, confusion);
        return new Evaluation(labels, n, n == 0 ? Double.NaN : (double) correct / n,
                macro(perClass, confusion, ClassMetrics::precision), macro(perClass, confusion, ClassMetrics::recall),
                macro(perClass, confusion, ClassMetrics::f1), macroAuc(perClass),
                n == 0 ? Double.NaN : logLoss / n, perClass, new ConfusionMatrix(labels, confusion),
                mistakes(labels, truth, predicted, probabilities, itemIds));
    }

    /** The headline numbers for a published model. */
    public ModelMetrics toModelMetrics() {
        return new ModelMetrics(accuracy, macroPrecision, macroRecall, macroF1, logLoss);
    }

    private static void validate(List<String> labels, int[] truth, double[][] probabilities, List<String> ids) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels");
        }
        if (probabilities.length != truth.length || (ids != null && ids.size() != truth.length)) {
            throw new IllegalArgumentException("truth, probabilities and itemIds differ in length");
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= labels.size()) {
                throw new IllegalArgumentException("item " + i + " has an unknown class id " + truth[i]);
            }
            if (probabilities[i].length != labels.size()) {
                throw new IllegalArgumentException("item " + i + " needs one probability per label");
            }
        }
    }

    /** The index of the largest value (the first of equals): the predicted class of a probability row. */
    public static int argMax(double[] values) {
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return best;
    }

    private static List<ClassMetrics> perClass(List<String> labels, int[] truth, double[][] probabilities,
                                               int[][] confusion) {
        List<ClassMetrics> result = new ArrayList<>(labels.size());
        for (int c = 0; c < labels.size(); c++) {
            int truePositives = confusion[c][c];
            int support = 0;
            int predictedCount = 0;
            for (int o = 0; o < labels.size(); o++) {
                support += confusion[c][o];
                predictedCount += confusion[o][c];
            }
            double precision = predictedCount == 0 ? 0 : (double) truePositives / predictedCount;
            double recall = support == 0 ? 0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result.add(new ClassMetrics(labels.get(c), precision, recall, f1, support,
                    RocAuc.oneVsRest(truth, probabilities, c)));
        }
        return result;
    }

    private interface Metric {
        double of(ClassMetrics metrics);
    }

    private static double macro(List<ClassMetrics> perClass, int[][] confusion, Metric metric) {
        double sum = 0;
        int used = 0;
        for (int c = 0; c < perClass.size(); c++) {
            if (occurs(confusion, c)) {
                sum += metric.of(perClass.get(c));
                used++;
            }
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    private static boolean occurs(int[][] confusion, int c) {
        for (int o = 0; o < confusion.length; o++) {
            if (confusion[c][o] > 0 || confusion[o][c] > 0) {
                return true;
            }
        }
        return false;
    }

    private static double macroAuc(List<ClassMetrics> perClass) {
        double sum = 0;
        int used = 0;
        for (ClassMetrics m : perClass) {
            if (!Double.isNaN(m.rocAuc())) {
                sum += m.rocAuc();
                used++;
            }
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    private static List<Misclassified> mistakes(List<String> labels, int[] truth, int[] predicted,
                                                double[][] probabilities, List<String> itemIds) {
        List<Misclassified> result = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] != truth[i]) {
                String id = itemIds == null ? Integer.toString(i) : itemIds.get(i);
                result.add(new Misclassified(id, labels.get(truth[i]), labels.get(predicted[i]),
                        probabilities[i][predicted[i]], probabilities[i][truth[i]]));
            }
        }
        result.sort(Comparator.comparingDouble(Misclassified::predictedProbability).reversed()
                .thenComparingDouble(Misclassified::trueProbability));
        return result;
    }
}
