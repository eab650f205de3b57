/**
 * Training maths for the classifier head: L2-regularised multinomial logistic regression on fixed-size
 * embeddings, optimised with L-BFGS.
 *
 * <p>Entry point: {@link io.sightline.train.LogisticRegressionTrainer}. Supporting pieces: {@link
 * io.sightline.train.FeatureStandardizer} (train-set statistics), {@link io.sightline.train.LbfgsMinimizer}
 * (a general minimiser), {@link io.sightline.train.Split} (stable per-image train/validation/test assignment).
 * Everything here is pure Java and deterministic: the same input gives the same weights bit for bit, whatever
 * the number of threads.
 */
package io.sightline.train;
