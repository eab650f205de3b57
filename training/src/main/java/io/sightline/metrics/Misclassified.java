package io.sightline.metrics;

/**
 * One wrongly classified item.
 *
 * @param itemId               the item (e.g. image id)
 * @param trueLabel            its label
 * @param predictedLabel       the arg-max label
 * @param predictedProbability probability of the predicted label
 * @param trueProbability      probability of the true label
 */
public record Misclassified(String itemId, String trueLabel, String predictedLabel, double predictedProbability,
                            double trueProbability) {
}
