package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.train.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic split of a dataset snapshot: test by (seed, imageId) with {@code testFraction};
 * from the rest a validation set (TuriCreate's rule: 5% once there are at least 100 training rows,
 * unless configured). The test set of an image never changes as the dataset grows.
 */
public record SplitPlan(List<LabelledImage> train, List<LabelledImage> validation, List<LabelledImage> test,
                        double validationFraction) {

    public static SplitPlan of(List<LabelledImage> images, long seed, double testFraction, double configuredValidation) {
        List<LabelledImage> rest = new ArrayList<>();
        List<LabelledImage> test = new ArrayList<>();
        for (LabelledImage image : images) {
            if (Split.assign(image.imageId(), seed, testFraction, 0.0) == Split.Set.TEST) {
                test.add(image);
            } else {
                rest.add(image);
            }
        }
        double validationFraction = Split.validationFractionFor(rest.size(), configuredValidation);
        List<LabelledImage> train = new ArrayList<>();
        List<LabelledImage> validation = new ArrayList<>();
        for (LabelledImage image : rest) {
            Split.Set set = Split.assign(image.imageId(), seed, testFraction, validationFraction);
            (set == Split.Set.VALIDATION ? validation : train).add(image);
        }
        return new SplitPlan(List.copyOf(train), List.copyOf(validation), List.copyOf(test), validationFraction);
    }
}
