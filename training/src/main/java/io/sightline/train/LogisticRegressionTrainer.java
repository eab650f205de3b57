package io.sightline.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Trains an L2-regularised multinomial logistic regression head (objective defined on {@link TrainingOptions})
 * with {@link LbfgsMinimizer}, starting from zero weights. Features are standardised with the training-set
 * statistics of {@link FeatureStandardizer}; the weights live in standardised space, so the returned {@link
 * TrainedHead} reproduces the model exactly through {@link TrainedHead#probabilities}.
 *
 * <p>With a non-empty validation set, every iteration reports the validation loss and accuracy. When {@link
 * TrainingOptions#earlyStoppingPatience()} is positive, training stops after that many iterations without a new
 * lowest validation loss, and the weights of the lowest validation loss are returned (also when training ends for
 * another reason). With patience 0, or without a validation set, the final weights are returned.
 *
 * <p>The input arrays are read, never copied or modified. Deterministic: same input and options give the same
 * weights bit for bit, for any thread count.
 */
public final class LogisticRegressionTrainer {

    private final TrainingOptions options;

    public LogisticRegressionTrainer(TrainingOptions options) {
        this.options = options;
    }

    public TrainingOptions options() {
        return options;
    }

    /**
     * Trains a head.
     *
     * @param train      training rows, not empty
     * @param validation validation rows, possibly empty
     * @param labels     class names; label ids index this list; at least 2
     * @param listener   per-iteration progress, may be null
     */
    public TrainingResult train(TrainingData train, TrainingData validation, List<String> labels,
                                TrainingListener listener) {
        validate(train, validation, labels);
        long started = System.nanoTime();
        FeatureStandardizer standardizer = FeatureStandardizer.fit(train.features());
        float[] mean = standardizer.mean();
        float[] std = standardizer.std();
        int classes = labels.size();
        ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
        try {
            double[] rowWeights = options.balancedClassWeights() ? balancedWeights(train.labels(), classes) : null;
            SoftmaxObjective objective = new SoftmaxObjective(train.features(), train.labels(), rowWeights, classes,
                    mean, std, options.l2(), pool);
            SoftmaxObjective validationScore = validation == null || validation.isEmpty() ? null
                    : new SoftmaxObjective(validation.features(), validation.labels(), null, classes, mean, std,
                    0, pool);
            Monitor monitor = new Monitor(objective, validationScore, listener, started);
            LbfgsMinimizer minimizer = new LbfgsMinimizer(options.maxIterations(), options.gradientTolerance());
            LbfgsMinimizer.Result result = minimizer.minimize(objective, new double[objective.parameterCount()],
                    monitor);
            boolean useBest = monitor.best != null && options.earlyStoppingPatience() > 0;
            double[] theta = useBest ? monitor.best : result.x();
            double gradientNorm = useBest ? monitor.bestGradientNorm : result.gradientNorm();
            TrainedHead head = toHead(theta, labels, mean, std);
            return new TrainingResult(head, monitor.history, result.iterations(), gradientNorm, result.converged(),
                    stopReason(result.stopReason()));
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private static void validate(TrainingData train, TrainingData validation, List<String> labels) {
        if (labels.size() < 2) {
            throw new IllegalArgumentException("need at least 2 labels, got " + labels.size());
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training rows");
        }
        train.requireLabelsBelow(labels.size());
        if (validation != null && !validation.isEmpty()) {
            validation.requireLabelsBelow(labels.size());
            if (validation.dimension() != train.dimension()) {
                throw new IllegalArgumentException("validation rows have " + validation.dimension()
                        + " features, training rows " + train.dimension());
            }
        }
    }

    /** {@code n / (k * n_c)} per row, k = number of classes present. */
    static double[] balancedWeights(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            perClass[c] = counts[c] == 0 ? 0 : (double) labels.length / ((double) present * counts[c]);
        }
        double[] weights = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            weights[i] = perClass[labels[i]];
        }
        return weights;
    }

    private static TrainedHead toHead(double[] theta, List<String> labels, float[] mean, float[] std) {
        int classes = labels.size();
        int dim = mean.length;
        float[][] weights = new float[classes][dim];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            for (int d = 0; d < dim; d++) {
                weights[k][d] = (float) theta[k * dim + d];
            }
            bias[k] = (float) theta[classes * dim + k];
        }
        return new TrainedHead(labels, weights, bias, mean, std);
    }

    private String stopReason(LbfgsMinimizer.StopReason reason) {
        return switch (reason) {
            case GRADIENT_TOLERANCE -> TrainingResult.STOP_CONVERGED;
            case MAX_ITERATIONS -> TrainingResult.STOP_MAX_ITERATIONS;
            case CALLBACK -> TrainingResult.STOP_EARLY;
            case LINE_SEARCH_FAILED -> TrainingResult.STOP_LINE_SEARCH;
        };
    }

    /** Reports progress, tracks the best validation loss and asks the minimiser to stop early. */
    private final class Monitor implements LbfgsMinimizer.IterationCallback {
        private final SoftmaxObjective objective;
        private final SoftmaxObjective validation;
        private final TrainingListener listener;
        private final long started;
        private final List<IterationProgress> history = new ArrayList<>();
        private double[] best;
        private double bestLoss = Double.POSITIVE_INFINITY;
        private double bestGradientNorm;
        private int sinceBest;

        Monitor(SoftmaxObjective objective, SoftmaxObjective validation, TrainingListener listener, long started) {
            this.objective = objective;
            this.validation = validation;
            this.listener = listener;
            this.started = started;
        }

        @Override
        public boolean onIteration(LbfgsMinimizer.State state) {
            // The minimiser's accepted point is the last one it evaluated, so the objective already knows.
            double trainAccuracy = objective.lastAccuracy();
            double validationLoss = Double.NaN;
            double validationAccuracy = Double.NaN;
            if (validation != null) {
                SoftmaxObjective.Score score = validation.score(state.x());
                validationLoss = score.loss();
                validationAccuracy = score.accuracy();
                trackBest(state, validationLoss);
            }
            IterationProgress progress = new IterationProgress(state.iteration(), state.value(), trainAccuracy,
                    validationAccuracy, validationLoss, (System.nanoTime() - started) / 1_000_000);
            history.add(progress);
            if (listener != null) {
                listener.onIteration(progress);
            }
            int patience = options.earlyStoppingPatience();
            return validation != null && patience > 0 && sinceBest >= patience;
        }

        private void trackBest(LbfgsMinimizer.State state, double validationLoss) {
            if (validationLoss < bestLoss) {
                bestLoss = validationLoss;
                best = state.x().clone();
                bestGradientNorm = state.gradientNorm();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
    }
}
