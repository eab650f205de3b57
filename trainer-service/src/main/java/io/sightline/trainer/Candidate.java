package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.metrics.Evaluation;
import io.sightline.train.TrainingResult;
import java.util.List;

/**
 * A trained, evaluated head that is not yet promoted.
 *
 * @param labels     class labels in class-id order
 * @param training   the solver's result and per-iteration history
 * @param test       the test pictures with their features
 * @param evaluation the head on the test set
 * @param split      how many pictures went to train / validation / test
 * @param seconds    wall time of the training step
 * @param train      the training pictures (int8 calibration draws from them)
 */
public record Candidate(List<String> labels, TrainingResult training, LabelledFeatures test, Evaluation evaluation,
                        SplitCounts split, double seconds, List<LabelledImage> train) {

    /** Split sizes. */
    public record SplitCounts(int train, int validation, int test) {
    }
}
