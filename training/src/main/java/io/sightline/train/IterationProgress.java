package io.sightline.train;

/**
 * Progress after one optimisation iteration.
 *
 * @param iteration          1-based
 * @param trainLoss          the objective: weighted mean training cross-entropy plus the L2 penalty
 * @param trainAccuracy      training accuracy
 * @param validationAccuracy validation accuracy, NaN when there is no validation set
 * @param validationLoss     validation mean cross-entropy (log-loss, no penalty), NaN when there is none
 * @param elapsedMillis      since training started
 */
public record IterationProgress(int iteration, double trainLoss, double trainAccuracy, double validationAccuracy,
                                double validationLoss, long elapsedMillis) {
}
