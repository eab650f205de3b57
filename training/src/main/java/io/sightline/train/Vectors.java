package io.sightline.train;

/** Small sequential vector helpers (fixed summation order, hence deterministic). */
final class Vectors {

    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
        }
        if (i < n) {
            s0 += a[i] * b[i];
        }
        return s0 + s1;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code out = x + alpha * d}. */
    static void step(double[] x, double alpha, double[] d, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + alpha * d[i];
        }
    }
}
