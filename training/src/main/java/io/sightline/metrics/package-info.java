/**
 * Evaluation of a classifier on a labelled set: accuracy, per-class and macro precision/recall/F1, log-loss,
 * confusion matrix, one-vs-rest ROC AUC and the most confident mistakes. Entry point: {@link
 * io.sightline.metrics.Evaluation#of}. Beside it: calibration ({@link io.sightline.metrics.Reliability}), selective
 * classification ({@link io.sightline.metrics.AccuracyCoverage}) and the unknown score ({@link
 * io.sightline.metrics.RocAuc#binary}, {@link io.sightline.metrics.ThresholdNeighbours}). All results are records,
 * serialisable with Jackson.
 */
package io.sightline.metrics;
