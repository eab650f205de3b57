package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.metrics.AccuracyCoverage;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Reliability;
import io.sightline.train.HeadCalibrator;
import io.sightline.train.TrainedHead;
import io.sightline.train.TrainingResult;
import java.util.List;

/**
 * A trained, calibrated, evaluated head that is not yet promoted.
 *
 * @param labels      class labels in class-id order
 * @param training    the solver's result and per-iteration history (the head before calibration)
 * @param calibrated  the head with its temperature, and its unknown detector
 * @param test        the test pictures with their features
 * @param evaluation  the calibrated head on the test set
 * @param before      reliability of the uncalibrated head on the test set
 * @param after       reliability of the calibrated head on the test set
 * @param coverage    accuracy–coverage curve of the calibrated head on the test set
 * @param split       how many pictures went to train / validation / test
 * @param seconds     wall time of the training step
 * @param train       the training pictures (int8 calibration draws from them)
 */
public record Candidate(List<String> labels, TrainingResult training, HeadCalibrator.Calibrated calibrated,
                        LabelledFeatures test, Evaluation evaluation, Reliability before, Reliability after,
                        AccuracyCoverage coverage, SplitCounts split, double seconds, List<LabelledImage> train) {

    /** The head that is exported: calibrated. */
    public TrainedHead head() {
        return calibrated.head();
    }

    /** Split sizes. */
    public record SplitCounts(int train, int validation, int test) {
    }
}
