package io.sightline.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes a trained head honest about pictures it has not seen: fits the temperature ({@link TemperatureScaling})
 * and the unknown threshold ({@link UnknownDetector}) on pictures the head did not learn from. Those are the
 * validation rows when there are at least {@link #MIN_VALIDATION_ROWS}; otherwise {@link #FOLDS}-fold
 * cross-validation of the training rows (stratified by class, row order): a head and a detector are trained
 * without each fold and judge it. With fewer than {@link #MIN_ROWS_FOR_FOLDS} training rows nothing is held out:
 * temperature 1 and a threshold from the training rows themselves.
 */
public final class HeadCalibrator {
    public static final int MIN_VALIDATION_ROWS = 100;
    public static final int FOLDS = 5;
    public static final int MIN_ROWS_FOR_FOLDS = 10;
    /** The default share of known pictures that may be called unknown. */
    public static final double DEFAULT_FALSE_UNKNOWN_RATE = 0.05;

    /** Where the held-out judgements came from. */
    public enum HeldOut { VALIDATION, CROSS_VALIDATION, NONE }

    private final LogisticRegressionTrainer trainer;
    private final UnknownDetector.Options detectorOptions;
    private final double falseUnknownRate;

    public HeadCalibrator(LogisticRegressionTrainer trainer, UnknownDetector.Options detectorOptions,
                          double falseUnknownRate) {
        if (!(falseUnknownRate >= 0 && falseUnknownRate < 1)) {
            throw new IllegalArgumentException("falseUnknownRate must be in [0, 1): " + falseUnknownRate);
        }
        this.trainer = trainer;
        this.detectorOptions = detectorOptions;
        this.falseUnknownRate = falseUnknownRate;
    }

    /**
     * The calibrated head and its detector.
     *
     * @param head            the head with its temperature folded in
     * @param temperature     the fitted temperature
     * @param detector        fitted on every training row, with its threshold
     * @param falseUnknownRate the rate the threshold was chosen for
     * @param heldOut         where the held-out judgements came from
     * @param heldOutRows     how many rows were judged
     */
    public record Calibrated(TrainedHead head, double temperature, UnknownDetector detector, double falseUnknownRate,
                             HeldOut heldOut, int heldOutRows) {
    }

    /**
     * Calibrates the head of {@code trained}, trained on {@code train} (validation possibly empty). The fold heads of
     * a cross-validation train for no more iterations than it did: they stand for it, and a head stopped early by its
     * validation rows is less sure of itself than one trained to the end (and costs a fraction of the time).
     */
    public Calibrated calibrate(TrainingResult trained, TrainingData train, TrainingData validation, List<String> labels) {
        TrainedHead head = trained.head();
        UnknownDetector detector = UnknownDetector.fit(train.features(), train.labels(), labels.size(),
                head.featureMean(), head.featureStd(), detectorOptions);
        Judged judged;
        HeldOut heldOut;
        if (validation != null && validation.size() >= MIN_VALIDATION_ROWS) {
            judged = judge(head, detector, validation);
            heldOut = HeldOut.VALIDATION;
        } else if (train.size() >= MIN_ROWS_FOR_FOLDS) {
            judged = crossValidate(train, labels, trained.iterations());
            heldOut = HeldOut.CROSS_VALIDATION;
        } else {
            judged = judge(head, detector, train);
            heldOut = HeldOut.NONE;
        }
        double temperature = heldOut == HeldOut.NONE ? 1 : TemperatureScaling.fit(judged.logits, judged.labels);
        return new Calibrated(head.withTemperature(temperature), temperature,
                detector.withThreshold(threshold(judged.scores, falseUnknownRate)), falseUnknownRate, heldOut,
                judged.labels.length);
    }

    /**
     * The smallest held-out score that at most {@code rate} of the held-out scores exceed: with it, about
     * {@code rate} of pictures like the training pictures are called unknown.
     */
    public static double threshold(double[] scores, double rate) {
        if (scores.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil((1 - rate) * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private record Judged(double[][] logits, int[] labels, double[] scores) {
    }

    private static Judged judge(TrainedHead head, UnknownDetector detector, TrainingData rows) {
        double[][] logits = new double[rows.size()][];
        double[] scores = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            logits[i] = head.logits(rows.features()[i]);
            scores[i] = detector.score(rows.features()[i]);
        }
        return new Judged(logits, rows.labels().clone(), scores);
    }

    private Judged crossValidate(TrainingData train, List<String> labels, int iterations) {
        TrainingOptions options = trainer.options();
        LogisticRegressionTrainer foldTrainer = new LogisticRegressionTrainer(
                options.withMaxIterations(Math.max(1, Math.min(options.maxIterations(), iterations))));
        int[] fold = folds(train.labels(), labels.size());
        List<double[]> logits = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            TrainingData in = select(train, fold, f, false);
            TrainingData out = select(train, fold, f, true);
            if (out.isEmpty() || in.size() < 2) {
                continue;
            }
            TrainedHead head = foldTrainer.train(in, TrainingData.empty(), labels, null).head();
            UnknownDetector detector = UnknownDetector.fit(in.features(), in.labels(), labels.size(),
                    head.featureMean(), head.featureStd(), detectorOptions);
            Judged judged = judge(head, detector, out);
            logits.addAll(Arrays.asList(judged.logits));
            for (int i = 0; i < out.size(); i++) {
                truth.add(judged.labels[i]);
                scores.add(judged.scores[i]);
            }
        }
        return new Judged(logits.toArray(new double[0][]), truth.stream().mapToInt(Integer::intValue).toArray(),
                scores.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Fold of each row: each class's rows in turn, so every fold has its share of every class. */
    static int[] folds(int[] labels, int classes) {
        int[] seen = new int[classes];
        int[] fold = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            fold[i] = seen[labels[i]]++ % FOLDS;
        }
        return fold;
    }

    private static TrainingData select(TrainingData data, int[] fold, int f, boolean inFold) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if ((fold[i] == f) == inFold) {
                rows.add(data.features()[i]);
                ids.add(data.labels()[i]);
            }
        }
        return new TrainingData(rows.toArray(new float[0][]), ids.stream().mapToInt(Integer::intValue).toArray());
    }
}
