package io.sightline.train;

import java.util.Arrays;

/**
 * Limited-memory BFGS minimiser (two-loop recursion, history {@code m}, initial Hessian scaled by {@code s.y /
 * y.y}) with a strong-Wolfe line search. Stops when {@code ||g|| <= gradientTolerance * max(1, ||g_0||)}, after
 * {@code maxIterations} iterations, when the callback asks to stop, or when the line search cannot make progress
 * (usually the limit of floating-point precision). Purely sequential and deterministic.
 */
public final class LbfgsMinimizer {

    /** Why the minimisation stopped. */
    public enum StopReason { GRADIENT_TOLERANCE, MAX_ITERATIONS, CALLBACK, LINE_SEARCH_FAILED }

    /**
     * The state after one iteration.
     *
     * @param iteration    1-based
     * @param value        function value at {@code x}
     * @param gradientNorm Euclidean norm of the gradient at {@code x}
     * @param x            the current point (do not modify; copy it to keep it)
     * @param evaluations  function evaluations so far
     */
    public record State(int iteration, double value, double gradientNorm, double[] x, int evaluations) {
    }

    /** Called after every iteration; returns true to stop the minimisation. */
    @FunctionalInterface
    public interface IterationCallback {
        boolean onIteration(State state);
    }

    /**
     * The outcome.
     *
     * @param x            the final point
     * @param value        function value at {@code x}
     * @param gradientNorm gradient norm at {@code x}
     * @param iterations   iterations done
     * @param evaluations  function evaluations done
     * @param stopReason   why it stopped
     */
    public record Result(double[] x, double value, double gradientNorm, int iterations, int evaluations,
                         StopReason stopReason) {

        /** True when the gradient tolerance was reached. */
        public boolean converged() {
            return stopReason == StopReason.GRADIENT_TOLERANCE;
        }
    }

    /** The usual history length. */
    public static final int DEFAULT_HISTORY = 10;

    private final int history;
    private final int maxIterations;
    private final double gradientTolerance;

    /** A minimiser with {@link #DEFAULT_HISTORY} correction pairs. */
    public LbfgsMinimizer(int maxIterations, double gradientTolerance) {
        this(DEFAULT_HISTORY, maxIterations, gradientTolerance);
    }

    public LbfgsMinimizer(int history, int maxIterations, double gradientTolerance) {
        if (history < 1 || maxIterations < 0 || !(gradientTolerance > 0)) {
            throw new IllegalArgumentException("need history >= 1, maxIterations >= 0, gradientTolerance > 0");
        }
        this.history = history;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
    }

    /** Minimises {@code f} from {@code initial} (not modified); {@code callback} may be null. */
    public Result minimize(DifferentiableFunction f, double[] initial, IterationCallback callback) {
        return new Run(f, initial, callback).run();
    }

    private final class Run {
        private final DifferentiableFunction f;
        private final IterationCallback callback;
        private final int n;
        private double[] x;
        private double[] g;
        private double[] xNext;
        private double[] gNext;
        private final double[] direction;
        private final double[][] s;
        private final double[][] y;
        private final double[] rho;
        private final double[] alpha;
        private int stored;
        private int newest = -1;
        private int evaluations;

        Run(DifferentiableFunction f, double[] initial, IterationCallback callback) {
            this.f = f;
            this.callback = callback;
            this.n = initial.length;
            this.x = initial.clone();
            this.g = new double[n];
            this.xNext = new double[n];
            this.gNext = new double[n];
            this.direction = new double[n];
            this.s = new double[history][n];
            this.y = new double[history][n];
            this.rho = new double[history];
            this.alpha = new double[history];
        }

        Result run() {
            double value = f.valueAndGradient(x, g);
            evaluations = 1;
            double gradientNorm = Vectors.norm(g);
            double threshold = gradientTolerance * Math.max(1, gradientNorm);
            if (gradientNorm <= threshold) {
                return new Result(x, value, gradientNorm, 0, evaluations, StopReason.GRADIENT_TOLERANCE);
            }
            StrongWolfeLineSearch lineSearch = new StrongWolfeLineSearch(f);
            for (int iteration = 1; iteration <= maxIterations; iteration++) {
                StrongWolfeLineSearch.Outcome outcome = lineSearch(lineSearch, value, gradientNorm);
                if (outcome == null) {
                    return new Result(x, value, gradientNorm, iteration - 1, evaluations,
                            StopReason.LINE_SEARCH_FAILED);
                }
                remember();
                swap();
                value = outcome.value();
                gradientNorm = Vectors.norm(g);
                boolean stop = callback != null
                        && callback.onIteration(new State(iteration, value, gradientNorm, x, evaluations));
                if (gradientNorm <= threshold) {
                    return new Result(x, value, gradientNorm, iteration, evaluations, StopReason.GRADIENT_TOLERANCE);
                }
                if (stop) {
                    return new Result(x, value, gradientNorm, iteration, evaluations, StopReason.CALLBACK);
                }
            }
            return new Result(x, value, gradientNorm, maxIterations, evaluations, StopReason.MAX_ITERATIONS);
        }

        /** One line search along the L-BFGS direction, retried once along steepest descent; null on failure. */
        private StrongWolfeLineSearch.Outcome lineSearch(StrongWolfeLineSearch search, double value,
                                                         double gradientNorm) {
            for (int attempt = 0; attempt < 2; attempt++) {
                double slope = computeDirection();
                if (!(slope < 0)) {
                    forget();
                    slope = computeDirection();
                }
                double step = stored == 0 ? Math.min(1, 1 / gradientNorm) : 1;
                StrongWolfeLineSearch.Outcome outcome = search.search(x, value, slope, direction, step, xNext, gNext);
                evaluations += outcome.evaluations();
                if (outcome.ok()) {
                    return outcome;
                }
                if (stored == 0) {
                    return null;
                }
                forget();
            }
            return null;
        }

        /** Two-loop recursion: {@code direction = -H g}; returns {@code g . direction}. */
        private double computeDirection() {
            for (int i = 0; i < n; i++) {
                direction[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(newest - k, history);
                alpha[j] = rho[j] * Vectors.dot(s[j], direction);
                axpy(-alpha[j], y[j], direction);
            }
            if (stored > 0) {
                double yy = Vectors.dot(y[newest], y[newest]);
                double gamma = 1 / (rho[newest] * yy);
                for (int i = 0; i < n; i++) {
                    direction[i] *= gamma;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, history);
                double beta = rho[j] * Vectors.dot(y[j], direction);
                axpy(alpha[j] - beta, s[j], direction);
            }
            return Vectors.dot(g, direction);
        }

        /** Stores the pair (xNext - x, gNext - g) when its curvature is safely positive. */
        private void remember() {
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNext[i] - x[i];
                double yi = gNext[i] - g[i];
                sy += si * yi;
                yy += yi * yi;
            }
            if (!(sy > 1e-12 * yy && sy > 0)) {
                return;
            }
            int slot = (newest + 1) % history;
            double[] sk = s[slot];
            double[] yk = y[slot];
            for (int i = 0; i < n; i++) {
                sk[i] = xNext[i] - x[i];
                yk[i] = gNext[i] - g[i];
            }
            rho[slot] = 1 / sy;
            newest = slot;
            stored = Math.min(stored + 1, history);
        }

        private void forget() {
            stored = 0;
            newest = -1;
            Arrays.fill(rho, 0);
        }

        private void swap() {
            double[] t = x;
            x = xNext;
            xNext = t;
            t = g;
            g = gNext;
            gNext = t;
        }

        private void axpy(double a, double[] v, double[] out) {
            for (int i = 0; i < n; i++) {
                out[i] += a * v[i];
            }
        }
    }
}
