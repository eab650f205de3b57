package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.metrics.AccuracyCoverage;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Reliability;
import io.sightline.train.HeadCalibrator;
import io.sightline.train.LogisticRegressionTrainer;
import io.sightline.train.TrainedHead;
import io.sightline.train.TrainingData;
import io.sightline.train.TrainingListener;
import io.sightline.train.TrainingOptions;
import io.sightline.train.TrainingResult;
import io.sightline.train.UnknownDetector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Splits a dataset snapshot, trains the head on cached embeddings, calibrates it (temperature and unknown
 * threshold, {@link HeadCalibrator}) and evaluates it on the test set.
 */
public final class TrainingJob {
    private final TrainerConfig config;

    public TrainingJob(TrainerConfig config) {
        this.config = config;
    }

    /** Why a snapshot cannot be trained on, or null when it can. */
    public String unfitReason(List<LabelledImage> images) {
        long labels = images.stream().map(LabelledImage::label).distinct().count();
        if (labels < 2) {
            return "need pictures of at least two labels, have " + labels;
        }
        SplitPlan plan = SplitPlan.of(images, config.seed(), config.testFraction(), config.validationFraction());
        if (plan.test().isEmpty() || plan.train().isEmpty()) {
            return "the split of " + images.size() + " pictures leaves " + plan.train().size() + " for training and "
                    + plan.test().size() + " for testing; add pictures (test-fraction " + config.testFraction() + ")";
        }
        return null;
    }

    public Candidate run(List<LabelledImage> images, FeatureCache cache, String backboneId, TrainingListener listener) {
        long started = System.nanoTime();
        List<String> labels = List.copyOf(new TreeSet<>(images.stream().map(LabelledImage::label).toList()));
        Map<String, Integer> classIds = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            classIds.put(labels.get(i), i);
        }
        SplitPlan plan = SplitPlan.of(images, config.seed(), config.testFraction(), config.validationFraction());
        LabelledFeatures train = LabelledFeatures.of(plan.train(), cache, backboneId, classIds);
        LabelledFeatures validation = LabelledFeatures.of(plan.validation(), cache, backboneId, classIds);
        LabelledFeatures test = LabelledFeatures.of(plan.test(), cache, backboneId, classIds);

        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(options());
        TrainingData validationData = validation.size() == 0 ? TrainingData.empty() : validation.data();
        TrainingResult result = trainer.train(train.data(), validationData, labels, listener);
        HeadCalibrator.Calibrated calibrated = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS,
                config.falseUnknownRate()).calibrate(result, train.data(), validationData, labels);
        double[][] calibratedOnTest = probabilities(calibrated.head(), test);
        Evaluation evaluation = Evaluation.of(labels, test.classes(), calibratedOnTest, test.imageIds());
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Candidate(labels, result, calibrated, test, evaluation,
                Reliability.of(probabilities(result.head(), test), test.classes(), Reliability.DEFAULT_BINS),
                Reliability.of(calibratedOnTest, test.classes(), Reliability.DEFAULT_BINS),
                AccuracyCoverage.of(calibratedOnTest, test.classes()),
                new Candidate.SplitCounts(train.size(), validation.size(), plan.test().size()), seconds,
                plan.train());
    }

    private static double[][] probabilities(TrainedHead head, LabelledFeatures test) {
        double[][] probabilities = new double[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            probabilities[i] = head.probabilities(test.features()[i]);
        }
        return probabilities;
    }

    private TrainingOptions options() {
        return TrainingOptions.defaults()
                .withL2(config.l2())
                .withMaxIterations(config.maxIterations())
                .withBalancedClassWeights(config.balancedClassWeights())
                .withSeed(config.seed());
    }
}
