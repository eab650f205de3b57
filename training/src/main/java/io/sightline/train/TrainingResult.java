package io.sightline.train;

import java.util.List;

/**
 * The outcome of {@link LogisticRegressionTrainer#train}.
 *
 * @param head              the trained head (best-validation weights when a validation set was given)
 * @param history           one entry per iteration
 * @param iterations        iterations done
 * @param finalGradientNorm gradient norm of the objective at the returned weights
 * @param converged         whether the gradient tolerance was reached
 * @param stopReason        one of the {@code STOP_} constants
 */
public record TrainingResult(TrainedHead head, List<IterationProgress> history, int iterations,
                             double finalGradientNorm, boolean converged, String stopReason) {

    public static final String STOP_CONVERGED = "gradient-tolerance";
    public static final String STOP_MAX_ITERATIONS = "max-iterations";
    public static final String STOP_EARLY = "early-stopping";
    public static final String STOP_LINE_SEARCH = "line-search-no-progress";

    public TrainingResult {
        history = List.copyOf(history);
    }
}
