package io.sightline.train;

/**
 * Per-dimension mean and (population) standard deviation of a training set, used to standardise features as
 * {@code (x - mean) / std}. A dimension whose standard deviation is below {@link #STD_FLOOR} (a constant feature)
 * gets std 1, so it is only centred. The statistics are accumulated in double and stored as float, exactly as
 * {@link TrainedHead} keeps them.
 */
public final class FeatureStandardizer {

    /** Standard deviations below this are replaced by 1. */
    public static final double STD_FLOOR = 1e-6;

    private final float[] mean;
    private final float[] std;

    private FeatureStandardizer(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Computes the statistics of {@code features} (rows of equal length, at least one row) in two passes. */
    public static FeatureStandardizer fit(float[][] features) {
        if (features.length == 0) {
            throw new IllegalArgumentException("no rows to standardise");
        }
        int dim = features[0].length;
        double[] sum = new double[dim];
        for (float[] row : features) {
            requireLength(row, dim);
            for (int d = 0; d < dim; d++) {
                sum[d] += row[d];
            }
        }
        double[] mu = new double[dim];
        for (int d = 0; d < dim; d++) {
            mu[d] = sum[d] / features.length;
        }
        double[] squares = new double[dim];
        for (float[] row : features) {
            for (int d = 0; d < dim; d++) {
                double diff = row[d] - mu[d];
                squares[d] += diff * diff;
            }
        }
        float[] mean = new float[dim];
        float[] std = new float[dim];
        for (int d = 0; d < dim; d++) {
            double s = Math.sqrt(squares[d] / features.length);
            mean[d] = (float) mu[d];
            std[d] = s < STD_FLOOR ? 1f : (float) s;
        }
        return new FeatureStandardizer(mean, std);
    }

    private static void requireLength(float[] row, int dim) {
        if (row.length != dim) {
            throw new IllegalArgumentException("rows differ in length: " + row.length + " != " + dim);
        }
    }

    public int dimension() {
        return mean.length;
    }

    /** A copy of the per-dimension means. */
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the per-dimension standard deviations (never below {@link #STD_FLOOR}). */
    public float[] std() {
        return std.clone();
    }

    /** A standardised copy of {@code x}, computed like {@link TrainedHead#probabilities}. */
    public float[] standardize(float[] x) {
        float[] out = x.clone();
        standardizeInPlace(out);
        return out;
    }

    /** Standardises {@code x} in place. */
    public void standardizeInPlace(float[] x) {
        requireLength(x, mean.length);
        for (int d = 0; d < x.length; d++) {
            x[d] = (x[d] - mean[d]) / std[d];
        }
    }
}
