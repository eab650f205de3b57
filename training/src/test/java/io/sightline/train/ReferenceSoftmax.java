package io.sightline.train;

/**
 * An independent, deliberately plain implementation of the objective on {@link TrainingOptions}, minimised by
 * full-batch gradient descent with a fixed step; used to check the trainer's optimum.
 */
final class ReferenceSoftmax {

    final double[] mean;
    final double[] std;
    final double[][] z;
    final int[] y;
    final int classes;
    final double l2;
    double[][] w;
    double[] b;

    ReferenceSoftmax(TrainingData data, int classes, double l2) {
        int n = data.size();
        int dim = data.dimension();
        this.classes = classes;
        this.l2 = l2;
        this.y = data.labels();
        mean = new double[dim];
        std = new double[dim];
        for (int d = 0; d < dim; d++) {
            double s = 0;
            for (float[] row : data.features()) {
                s += row[d];
            }
            mean[d] = s / n;
            double v = 0;
            for (float[] row : data.features()) {
                v += (row[d] - mean[d]) * (row[d] - mean[d]);
            }
            std[d] = Math.sqrt(v / n);
        }
        z = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                z[i][d] = (data.features()[i][d] - mean[d]) / std[d];
            }
        }
        w = new double[classes][dim];
        b = new double[classes];
    }

    /** Gradient of the objective at (w, b): returns {gW rows..., gB} packed as [classes + 1][]. */
    double[][] gradient() {
        int n = z.length;
        int dim = z[0].length;
        double[][] g = new double[classes + 1][];
        for (int k = 0; k < classes; k++) {
            g[k] = new double[dim];
        }
        g[classes] = new double[classes];
        for (int i = 0; i < n; i++) {
            double[] p = probabilities(z[i]);
            for (int k = 0; k < classes; k++) {
                double r = (p[k] - (y[i] == k ? 1 : 0)) / n;
                for (int d = 0; d < dim; d++) {
                    g[k][d] += r * z[i][d];
                }
                g[classes][k] += r;
            }
        }
        for (int k = 0; k < classes; k++) {
            for (int d = 0; d < dim; d++) {
                g[k][d] += l2 * w[k][d];
            }
        }
        return g;
    }

    double[] probabilities(double[] zi) {
        double[] p = new double[classes];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double s = b[k];
            for (int d = 0; d < zi.length; d++) {
                s += w[k][d] * zi[d];
            }
            p[k] = s;
            max = Math.max(max, s);
        }
        double total = 0;
        for (int k = 0; k < classes; k++) {
            p[k] = Math.exp(p[k] - max);
            total += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= total;
        }
        return p;
    }

    static double norm(double[][] g) {
        double s = 0;
        for (double[] row : g) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** Gradient descent with step 1/L, L bounding the Hessian, until the gradient norm is below {@code tol}. */
    void solve(double tol, int maxSteps) {
        double trace = 0;
        for (double[] zi : z) {
            for (double v : zi) {
                trace += v * v;
            }
            trace += 1;
        }
        double lipschitz = 0.5 * trace / z.length + l2;
        double step = 1 / lipschitz;
        for (int t = 0; t < maxSteps; t++) {
            double[][] g = gradient();
            if (norm(g) < tol) {
                return;
            }
            for (int k = 0; k < classes; k++) {
                for (int d = 0; d < w[k].length; d++) {
                    w[k][d] -= step * g[k][d];
                }
                b[k] -= step * g[classes][k];
            }
        }
        throw new AssertionError("reference gradient descent did not converge");
    }
}
