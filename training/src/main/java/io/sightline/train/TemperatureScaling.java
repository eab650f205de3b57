package io.sightline.train;

/**
 * Temperature scaling (Guo et al. 2017): the one number {@code T} that, dividing every logit, minimises the
 * negative log-likelihood of held-out pictures. Predictions do not change; only how sure the probabilities are.
 *
 * <p>The mean NLL is convex in {@code beta = 1 / T} (its second derivative is a variance), so its derivative
 * {@code mean_i(E_p[z_i] - z_i[y_i])} is non-decreasing and its root is found by bisection on {@code ln beta}.
 * {@code T} is kept within [{@link #MIN}, {@link #MAX}]: a held-out set that the head separates perfectly would
 * otherwise ask for {@code T -> 0}.
 */
public final class TemperatureScaling {
    public static final double MIN = 0.05;
    public static final double MAX = 20;
    private static final int STEPS = 60;

    private TemperatureScaling() {
    }

    /**
     * The temperature for {@code logits} (a row per picture) with true class ids {@code labels}; 1 when there
     * are no rows.
     */
    public static double fit(double[][] logits, int[] labels) {
        if (logits.length != labels.length) {
            throw new IllegalArgumentException("logits and labels differ in length");
        }
        if (logits.length == 0) {
            return 1;
        }
        double low = Math.log(1 / MAX);
        double high = Math.log(1 / MIN);
        if (slope(logits, labels, Math.exp(low)) >= 0) {
            return MAX;
        }
        if (slope(logits, labels, Math.exp(high)) <= 0) {
            return MIN;
        }
        for (int step = 0; step < STEPS; step++) {
            double middle = (low + high) / 2;
            if (slope(logits, labels, Math.exp(middle)) < 0) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return 1 / Math.exp((low + high) / 2);
    }

    /** The mean negative log-likelihood of {@code softmax(logits / temperature)}. */
    public static double nll(double[][] logits, int[] labels, double temperature) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] scaled = new double[logits[i].length];
            for (int c = 0; c < scaled.length; c++) {
                scaled[c] = logits[i][c] / temperature;
            }
            total -= Math.log(Math.max(Double.MIN_NORMAL, TrainedHead.softmax(scaled)[labels[i]]));
        }
        return logits.length == 0 ? Double.NaN : total / logits.length;
    }

    /** d NLL / d beta at {@code beta}. */
    private static double slope(double[][] logits, int[] labels, double beta) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] row = logits[i];
            double[] p = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                p[c] = row[c] * beta;
            }
            TrainedHead.softmax(p);
            double expected = 0;
            for (int c = 0; c < row.length; c++) {
                expected += p[c] * row[c];
            }
            total += expected - row[labels[i]];
        }
        return total / logits.length;
    }
}
