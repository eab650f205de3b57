package io.sightline.metrics;

/**
 * One class, one-vs-rest.
 *
 * @param label     class name
 * @param precision TP / (TP + FP); 0 when the class is never predicted
 * @param recall    TP / (TP + FN); 0 when the class has no examples
 * @param f1        harmonic mean of precision and recall; 0 when both are 0
 * @param support   number of examples whose true class this is
 * @param rocAuc    one-vs-rest ROC AUC of this class's probability; NaN without positives or negatives
 */
public record ClassMetrics(String label, double precision, double recall, double f1, int support, double rocAuc) {
}
