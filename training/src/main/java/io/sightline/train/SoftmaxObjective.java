package io.sightline.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The objective of {@link TrainingOptions} over {@code theta = [W row-major (classes x dim), b (classes)]} in
 * standardised space, evaluated on the <em>raw</em> float rows: standardisation is folded into effective weights
 * {@code W'[k][d] = W[k][d] / std[d]} and bias {@code b'[k] = b[k] - sum_d W'[k][d] mean[d]}, so the data is never
 * copied or rewritten. Rows are processed in fixed chunks of {@link #CHUNK_ROWS}; chunk partial sums are added in
 * chunk order, so the result is bit-for-bit the same for any number of threads.
 */
final class SoftmaxObjective implements DifferentiableFunction {

    static final int CHUNK_ROWS = 256;

    private final float[][] rows;
    private final int[] labels;
    private final double[] rowWeights;
    private final double weightSum;
    private final int classes;
    private final int dim;
    private final double[] mean;
    private final double[] invStd;
    private final double l2;
    private final ForkJoinPool pool;
    private final int parallelism;
    private final double[] effectiveWeights;
    private final double[] effectiveBias;
    private final ChunkWork[] slots;
    private double lastAccuracy = Double.NaN;

    /** Loss, accuracy of an evaluation without gradient. */
    record Score(double loss, double accuracy) {
    }

    /**
     * @param rowWeights per-row example weights, or null for 1
     * @param pool       pool for the chunks, or null to run on the calling thread
     */
    SoftmaxObjective(float[][] rows, int[] labels, double[] rowWeights, int classes, float[] mean, float[] std,
                     double l2, ForkJoinPool pool) {
        this.rows = rows;
        this.labels = labels;
        this.rowWeights = rowWeights;
        this.classes = classes;
        this.dim = mean.length;
        this.mean = new double[dim];
        this.invStd = new double[dim];
        for (int d = 0; d < dim; d++) {
            this.mean[d] = mean[d];
            this.invStd[d] = 1.0 / std[d];
        }
        this.weightSum = rowWeights == null ? rows.length : sum(rowWeights);
        this.l2 = l2;
        this.pool = pool;
        this.parallelism = pool == null ? 1 : pool.getParallelism();
        this.effectiveWeights = new double[classes * dim];
        this.effectiveBias = new double[classes];
        this.slots = new ChunkWork[parallelism];
        for (int i = 0; i < parallelism; i++) {
            slots[i] = new ChunkWork(classes, dim);
        }
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    int parameterCount() {
        return classes * dim + classes;
    }

    /** Training accuracy of the last {@link #valueAndGradient} call. */
    double lastAccuracy() {
        return lastAccuracy;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        Totals totals = run(theta, true);
        int wCount = classes * dim;
        double penalty = 0;
        for (int k = 0; k < classes; k++) {
            int o = k * dim;
            double rSum = totals.residualSum[k];
            for (int d = 0; d < dim; d++) {
                double w = theta[o + d];
                penalty += w * w;
                double g = (totals.gradient[o + d] - mean[d] * rSum) * invStd[d];
                gradient[o + d] = g / weightSum + l2 * w;
            }
            gradient[wCount + k] = rSum / weightSum;
        }
        lastAccuracy = (double) totals.correct / rows.length;
        return totals.loss / weightSum + 0.5 * l2 * penalty;
    }

    /** Unweighted mean cross-entropy (no penalty) and accuracy at {@code theta}. */
    Score score(double[] theta) {
        if (rows.length == 0) {
            return new Score(Double.NaN, Double.NaN);
        }
        Totals totals = run(theta, false);
        return new Score(totals.loss / rows.length, (double) totals.correct / rows.length);
    }

    private Totals run(double[] theta, boolean withGradient) {
        prepareEffectiveWeights(theta);
        Totals totals = new Totals(classes, dim, withGradient);
        int chunks = (rows.length + CHUNK_ROWS - 1) / CHUNK_ROWS;
        for (int first = 0; first < chunks; first += parallelism) {
            int count = Math.min(parallelism, chunks - first);
            runWave(first, count, withGradient);
            for (int i = 0; i < count; i++) {
                totals.add(slots[i]);
            }
        }
        return totals;
    }

    private void runWave(int firstChunk, int count, boolean withGradient) {
        if (pool == null || count == 1) {
            for (int i = 0; i < count; i++) {
                runChunk(slots[i], firstChunk + i, withGradient);
            }
            return;
        }
        List<Callable<Void>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ChunkWork slot = slots[i];
            int chunk = firstChunk + i;
            tasks.add(() -> {
                runChunk(slot, chunk, withGradient);
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training chunk failed", e.getCause());
        }
    }

    private void runChunk(ChunkWork work, int chunk, boolean withGradient) {
        int start = chunk * CHUNK_ROWS;
        int end = Math.min(rows.length, start + CHUNK_ROWS);
        work.reset(withGradient);
        int i = start;
        for (; i + 1 < end && withGradient; i += 2) {
            work.forward(rows[i], labels[i], weight(i), effectiveWeights, effectiveBias, work.x0, work.r0);
            work.forward(rows[i + 1], labels[i + 1], weight(i + 1), effectiveWeights, effectiveBias, work.x1,
                    work.r1);
            work.accumulatePair();
        }
        for (; i < end; i++) {
            work.forward(rows[i], labels[i], weight(i), effectiveWeights, effectiveBias, work.x0, work.r0);
            if (withGradient) {
                work.accumulateSingle();
            }
        }
    }

    private double weight(int row) {
        return rowWeights == null ? 1 : rowWeights[row];
    }

    private void prepareEffectiveWeights(double[] theta) {
        int wCount = classes * dim;
        for (int k = 0; k < classes; k++) {
            int o = k * dim;
            double shift = 0;
            for (int d = 0; d < dim; d++) {
                double w = theta[o + d] * invStd[d];
                effectiveWeights[o + d] = w;
                shift += w * mean[d];
            }
            effectiveBias[k] = theta[wCount + k] - shift;
        }
    }

    /** Sums over all chunks, in chunk order. */
    private static final class Totals {
        final double[] gradient;
        final double[] residualSum;
        double loss;
        long correct;

        Totals(int classes, int dim, boolean withGradient) {
            gradient = withGradient ? new double[classes * dim] : null;
            residualSum = new double[classes];
        }

        void add(ChunkWork work) {
            loss += work.loss;
            correct += work.correct;
            if (gradient != null) {
                double[] g = work.gradient;
                for (int j = 0; j < g.length; j++) {
                    gradient[j] += g[j];
                }
                for (int k = 0; k < residualSum.length; k++) {
                    residualSum[k] += work.residualSum[k];
                }
            }
        }
    }
}
