package io.sightline.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How unlike the training pictures a feature vector is: the Mahalanobis distance to the nearest class mean under
 * the shared within-class covariance, shrunk towards a multiple of the identity (the covariance of a few hundred
 * 2048-wide embeddings is singular). Everything lives in the head's standardised space {@code z = (x - mean) / std}.
 *
 * <p>With {@code S = V diag(lambda) V^T} the leading eigenvectors of the within-class covariance and {@code delta}
 * the shrinkage, {@code (S + delta I)^-1 = I / delta - V diag(1/delta - 1/(lambda + delta)) V^T}, so
 *
 * <pre>
 *   score(x) = min_c ( ||z - m_c||^2 / delta - ||P (z - m_c)||^2 ) / D,   P = diag(sqrt(1/delta - 1/(lambda+delta))) V^T
 * </pre>
 *
 * (D the feature dimension): about 1 for a picture like the training pictures, more the less it is like them.
 * {@link HeadGraph} computes the same in the exported model; {@link #score} is the reference.
 *
 * @param featureMean standardisation mean (the head's)
 * @param featureStd  standardisation std (the head's)
 * @param classMeans  the mean of each class present in training, standardised
 * @param projection  {@code P}, a row per kept component (possibly none)
 * @param shrinkage   {@code delta}, {@code > 0}
 * @param threshold   scores above it are unknown; NaN until chosen ({@link #withThreshold})
 */
public record UnknownDetector(float[] featureMean, float[] featureStd, float[][] classMeans, float[][] projection,
                              double shrinkage, double threshold) {

    /** The method's name, as recorded in the model. */
    public static final String METHOD = "mahalanobis-shrunk";

    /**
     * How the covariance is estimated.
     *
     * @param components      leading eigenvectors kept, {@code >= 0} (0: distance in the standardised space)
     * @param shrinkageFactor {@code delta} as a multiple of the mean within-class variance, {@code > 0}
     * @param maxRows         rows used for the covariance, at most (evenly spread over the set)
     */
    public record Options(int components, double shrinkageFactor, int maxRows) {
        public static final Options DEFAULTS = new Options(0, 1.0, 512);

        public Options {
            if (components < 0 || !(shrinkageFactor > 0) || maxRows < 2) {
                throw new IllegalArgumentException("components >= 0, shrinkageFactor > 0, maxRows >= 2");
            }
        }
    }

    public UnknownDetector {
        if (classMeans.length == 0 || !(shrinkage > 0)) {
            throw new IllegalArgumentException("need a class mean and a positive shrinkage");
        }
        for (float[] row : classMeans) {
            requireLength(row, featureMean.length);
        }
        for (float[] row : projection) {
            requireLength(row, featureMean.length);
        }
    }

    public int dimension() {
        return featureMean.length;
    }

    /** This detector with its threshold. */
    public UnknownDetector withThreshold(double value) {
        return new UnknownDetector(featureMean, featureStd, classMeans, projection, shrinkage, value);
    }

    /** The score of one feature vector, in double precision. */
    public double score(float[] features) {
        requireLength(features, featureMean.length);
        int dim = featureMean.length;
        double[] z = new double[dim];
        for (int d = 0; d < dim; d++) {
            z[d] = ((double) features[d] - featureMean[d]) / featureStd[d];
        }
        double best = Double.POSITIVE_INFINITY;
        double[] diff = new double[dim];
        for (float[] mean : classMeans) {
            double squared = 0;
            for (int d = 0; d < dim; d++) {
                diff[d] = z[d] - mean[d];
                squared += diff[d] * diff[d];
            }
            double distance = squared / shrinkage;
            for (float[] row : projection) {
                double dot = 0;
                for (int d = 0; d < dim; d++) {
                    dot += row[d] * diff[d];
                }
                distance -= dot * dot;
            }
            best = Math.min(best, distance);
        }
        return best / dim;
    }

    /**
     * Fits the class means and covariance on {@code features} with class ids {@code labels}, standardised with
     * {@code mean} and {@code std}; the threshold is left NaN.
     */
    public static UnknownDetector fit(float[][] features, int[] labels, int classes, float[] mean, float[] std,
                                      Options options) {
        int n = features.length;
        int dim = mean.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least two rows, have " + n);
        }
        double[][] sums = new double[classes][dim];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            requireLength(features[i], dim);
            double[] sum = sums[labels[i]];
            counts[labels[i]]++;
            for (int d = 0; d < dim; d++) {
                sum[d] += ((double) features[i][d] - mean[d]) / std[d];
            }
        }
        List<float[]> means = new ArrayList<>();
        double[][] classMean = new double[classes][];
        for (int c = 0; c < classes; c++) {
            if (counts[c] > 0) {
                classMean[c] = new double[dim];
                float[] row = new float[dim];
                for (int d = 0; d < dim; d++) {
                    classMean[c][d] = sums[c][d] / counts[c];
                    row[d] = (float) classMean[c][d];
                }
                means.add(row);
            }
        }
        double[][] residuals = residuals(features, labels, mean, std, classMean, options.maxRows());
        int rows = residuals.length;
        double trace = 0;
        for (double[] r : residuals) {
            trace += Vectors.dot(r, r);
        }
        trace /= rows;
        double shrinkage = Math.max(1e-6, options.shrinkageFactor() * trace / dim);
        float[][] projection = options.components() == 0 ? new float[0][]
                : projection(residuals, shrinkage, Math.min(options.components(), rows - 1), trace);
        return new UnknownDetector(mean.clone(), std.clone(), means.toArray(new float[0][]), projection, shrinkage,
                Double.NaN);
    }

    /** Class-centred standardised rows, at most {@code maxRows} of them, evenly spread. */
    private static double[][] residuals(float[][] features, int[] labels, float[] mean, float[] std,
                                        double[][] classMean, int maxRows) {
        int n = features.length;
        int rows = Math.min(n, maxRows);
        double[][] residuals = new double[rows][mean.length];
        for (int r = 0; r < rows; r++) {
            int i = (int) ((long) r * n / rows);
            double[] m = classMean[labels[i]];
            for (int d = 0; d < mean.length; d++) {
                residuals[r][d] = ((double) features[i][d] - mean[d]) / std[d] - m[d];
            }
        }
        return residuals;
    }

    /** The rows of P from the eigenvectors of the Gram matrix {@code R R^T} (eigenvalues g = rows * lambda). */
    private static float[][] projection(double[][] residuals, double shrinkage, int components, double trace) {
        int rows = residuals.length;
        int dim = residuals[0].length;
        double[][] gram = new double[rows][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = i; j < rows; j++) {
                gram[i][j] = Vectors.dot(residuals[i], residuals[j]);
                gram[j][i] = gram[i][j];
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(gram);
        List<float[]> kept = new ArrayList<>();
        for (int k = 0; k < components; k++) {
            double lambda = eigen.values()[k] / rows;
            if (!(lambda > 1e-9 * trace)) {
                break;
            }
            double scale = Math.sqrt(1 / shrinkage - 1 / (lambda + shrinkage)) / Math.sqrt(eigen.values()[k]);
            double[] sum = new double[dim];
            double[] u = eigen.vectors()[k];
            for (int i = 0; i < rows; i++) {
                double weight = u[i] * scale;
                for (int d = 0; d < dim; d++) {
                    sum[d] += weight * residuals[i][d];
                }
            }
            float[] row = new float[dim];
            for (int d = 0; d < dim; d++) {
                row[d] = (float) sum[d];
            }
            kept.add(row);
        }
        return kept.toArray(new float[0][]);
    }

    private static void requireLength(float[] row, int dim) {
        if (row.length != dim) {
            throw new IllegalArgumentException("rows differ in length: " + row.length + " != " + dim);
        }
    }
}
