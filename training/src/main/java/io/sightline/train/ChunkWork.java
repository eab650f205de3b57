package io.sightline.train;

import java.util.Arrays;

/**
 * Per-chunk buffers and kernels of {@link SoftmaxObjective}: the loss, correct count, the raw-space gradient
 * {@code sum_i r_ik x_id} and the residual sums {@code sum_i r_ik}, where {@code r_ik = w_i (p_ik - [k = y_i])}.
 */
final class ChunkWork {

    private final int classes;
    private final int dim;
    final double[] gradient;
    final double[] residualSum;
    final double[] x0;
    final double[] x1;
    final double[] r0;
    final double[] r1;
    double loss;
    long correct;

    ChunkWork(int classes, int dim) {
        this.classes = classes;
        this.dim = dim;
        this.gradient = new double[classes * dim];
        this.residualSum = new double[classes];
        this.x0 = new double[dim];
        this.x1 = new double[dim];
        this.r0 = new double[classes];
        this.r1 = new double[classes];
    }

    void reset(boolean withGradient) {
        loss = 0;
        correct = 0;
        if (withGradient) {
            Arrays.fill(gradient, 0);
            Arrays.fill(residualSum, 0);
        }
    }

    /**
     * Converts {@code row} into {@code x}, computes logits, adds the weighted loss and correctness, and leaves
     * the weighted residuals in {@code r}.
     */
    void forward(float[] row, int label, double weight, double[] w, double[] b, double[] x, double[] r) {
        for (int d = 0; d < dim; d++) {
            x[d] = row[d];
        }
        int k = 0;
        for (; k + 1 < classes; k += 2) {
            dotPair(w, k * dim, (k + 1) * dim, x, r, k);
        }
        if (k < classes) {
            r[k] = dot(w, k * dim, x);
        }
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < classes; c++) {
            r[c] += b[c];
            if (r[c] > max) {
                max = r[c];
                best = c;
            }
        }
        double total = 0;
        double trueLogit = r[label];
        for (int c = 0; c < classes; c++) {
            r[c] = Math.exp(r[c] - max);
            total += r[c];
        }
        loss += weight * (Math.log(total) - (trueLogit - max));
        if (best == label) {
            correct++;
        }
        double scale = weight / total;
        for (int c = 0; c < classes; c++) {
            r[c] *= scale;
        }
        r[label] -= weight;
    }

    private void dotPair(double[] w, int o0, int o1, double[] x, double[] out, int k) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            double x0 = x[d], x1 = x[d + 1], x2 = x[d + 2], x3 = x[d + 3];
            a0 += w[o0 + d] * x0;
            a1 += w[o0 + d + 1] * x1;
            a2 += w[o0 + d + 2] * x2;
            a3 += w[o0 + d + 3] * x3;
            c0 += w[o1 + d] * x0;
            c1 += w[o1 + d + 1] * x1;
            c2 += w[o1 + d + 2] * x2;
            c3 += w[o1 + d + 3] * x3;
        }
        for (; d < dim; d++) {
            a0 += w[o0 + d] * x[d];
            c0 += w[o1 + d] * x[d];
        }
        out[k] = (a0 + a1) + (a2 + a3);
        out[k + 1] = (c0 + c1) + (c2 + c3);
    }

    private double dot(double[] w, int o, double[] x) {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            a0 += w[o + d] * x[d];
            a1 += w[o + d + 1] * x[d + 1];
            a2 += w[o + d + 2] * x[d + 2];
            a3 += w[o + d + 3] * x[d + 3];
        }
        for (; d < dim; d++) {
            a0 += w[o + d] * x[d];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** Adds the residuals of the two rows in {@code x0/r0} and {@code x1/r1} to the gradient. */
    void accumulatePair() {
        for (int k = 0; k < classes; k++) {
            double p = r0[k];
            double q = r1[k];
            residualSum[k] += p + q;
            int o = k * dim;
            for (int d = 0; d < dim; d++) {
                gradient[o + d] += p * x0[d] + q * x1[d];
            }
        }
    }

    /** Adds the residuals of the row in {@code x0/r0} to the gradient. */
    void accumulateSingle() {
        for (int k = 0; k < classes; k++) {
            double p = r0[k];
            residualSum[k] += p;
            int o = k * dim;
            for (int d = 0; d < dim; d++) {
                gradient[o + d] += p * x0[d];
            }
        }
    }
}
