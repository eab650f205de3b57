package io.sightline.contract;

/** The headline metrics of a model on its test set. */
public record ModelMetrics(double accuracy, double macroPrecision, double macroRecall, double macroF1, double logLoss) {
}
