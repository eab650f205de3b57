package io.sightline.train;

/**
 * Options of {@link LogisticRegressionTrainer}.
 *
 * <p>The objective minimised over the weights {@code W} ([classes][dimension], in standardised feature space)
 * and bias {@code b} is
 *
 * <pre>
 *   f(W, b) = (sum_i w_i * CE_i) / (sum_i w_i)  +  l2 / 2 * ||W||^2
 *   CE_i    = -ln softmax(W z_i + b)[y_i],   z_i = (x_i - mean) / std
 * </pre>
 *
 * i.e. the <b>mean</b> (example-weighted) cross-entropy plus {@code l2/2} times the squared Frobenius norm of
 * {@code W}; the bias is not regularised. Example weights {@code w_i} are 1, or {@code n / (k * n_c)} for an
 * example of class {@code c} with {@link #balancedClassWeights()} ({@code k} = number of classes present in the
 * training set). Because the data term is a mean, the strength of {@code l2} does not depend on the number of
 * rows. TuriCreate's {@code l2_penalty} multiplies {@code ||W||^2} against a <em>summed</em> loss instead: its
 * value {@code t} corresponds to {@code l2 = 2 t / n} here. We keep TuriCreate's default number 0.01 but with the
 * mean convention, i.e. a stronger prior, which suits 2048-wide embeddings trained on few images.
 *
 * @param l2                    L2 strength, {@code >= 0} (default 0.01)
 * @param maxIterations         L-BFGS iterations, {@code >= 1} (default 100)
 * @param gradientTolerance     stop when {@code ||grad|| <= gradientTolerance * max(1, ||grad_0||)}, {@code > 0}
 *                              (default 1e-6)
 * @param balancedClassWeights  weight examples inversely to their class frequency (default false)
 * @param seed                  seed of the run (default 2, as TuriCreate). The optimisation itself starts from
 *                              zero weights and uses no randomness; the seed is what callers pass to {@link
 *                              Split#assign} so that one number reproduces the whole run
 * @param earlyStoppingPatience stop after this many iterations without a new best validation loss and return
 *                              the best-validation weights; 0 disables early stopping (default 5)
 * @param threads               threads for the loss and gradient, {@code >= 1} (default: available processors);
 *                              the result does not depend on it
 */
public record TrainingOptions(double l2, int maxIterations, double gradientTolerance, boolean balancedClassWeights,
                              long seed, int earlyStoppingPatience, int threads) {

    public static final double DEFAULT_L2 = 0.01;
    public static final int DEFAULT_MAX_ITERATIONS = 100;
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-6;
    public static final long DEFAULT_SEED = 2;
    public static final int DEFAULT_EARLY_STOPPING_PATIENCE = 5;

    public TrainingOptions {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and >= 0: " + l2);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1: " + maxIterations);
        }
        if (!(gradientTolerance > 0)) {
            throw new IllegalArgumentException("gradientTolerance must be > 0: " + gradientTolerance);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be >= 0: " + earlyStoppingPatience);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
    }

    /** The defaults listed on the record. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(DEFAULT_L2, DEFAULT_MAX_ITERATIONS, DEFAULT_GRADIENT_TOLERANCE, false,
                DEFAULT_SEED, DEFAULT_EARLY_STOPPING_PATIENCE, Runtime.getRuntime().availableProcessors());
    }

    public TrainingOptions withL2(double value) {
        return new TrainingOptions(value, maxIterations, gradientTolerance, balancedClassWeights, seed,
                earlyStoppingPatience, threads);
    }

    public TrainingOptions withMaxIterations(int value) {
        return new TrainingOptions(l2, value, gradientTolerance, balancedClassWeights, seed,
                earlyStoppingPatience, threads);
    }

    public TrainingOptions withGradientTolerance(double value) {
        return new TrainingOptions(l2, maxIterations, value, balancedClassWeights, seed,
                earlyStoppingPatience, threads);
    }

    public TrainingOptions withBalancedClassWeights(boolean value) {
        return new TrainingOptions(l2, maxIterations, gradientTolerance, value, seed,
                earlyStoppingPatience, threads);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(l2, maxIterations, gradientTolerance, balancedClassWeights, value,
                earlyStoppingPatience, threads);
    }

    public TrainingOptions withEarlyStoppingPatience(int value) {
        return new TrainingOptions(l2, maxIterations, gradientTolerance, balancedClassWeights, seed,
                value, threads);
    }

    public TrainingOptions withThreads(int value) {
        return new TrainingOptions(l2, maxIterations, gradientTolerance, balancedClassWeights, seed,
                earlyStoppingPatience, value);
    }
}
