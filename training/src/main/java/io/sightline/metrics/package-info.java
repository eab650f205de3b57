/**
 * Evaluation of a classifier on a labelled set: accuracy, per-class and macro precision/recall/F1, log-loss,
 * confusion matrix, one-vs-rest ROC AUC and the most confident mistakes. Entry point: {@link
 * io.sightline.metrics.Evaluation#of}. All results are records, serialisable with Jackson.
 */
package io.sightline.metrics;
