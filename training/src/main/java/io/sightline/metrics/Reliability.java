package io.sightline.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How well the top probability matches the share of correct answers: equal-width confidence bins over [0, 1]
 * (a picture whose top probability is exactly {@code b / bins} goes to bin {@code b}, 1.0 to the last one), and the
 * expected calibration error {@code ECE = sum_b (n_b / n) * |accuracy_b - confidence_b|}.
 *
 * @param ece  expected calibration error, NaN without pictures
 * @param bins every bin, empty ones included (their accuracy and confidence NaN)
 */
public record Reliability(double ece, List<Bin> bins) {
    /** The usual number of bins (Guo et al. 2017). */
    public static final int DEFAULT_BINS = 15;

    /**
     * One confidence bin.
     *
     * @param lower      inclusive lower edge
     * @param upper      upper edge (exclusive, except 1.0)
     * @param count      pictures whose top probability falls here
     * @param confidence their mean top probability
     * @param accuracy   the share of them predicted right
     */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {
    }

    public Reliability {
        bins = List.copyOf(bins);
    }

    /** The reliability of {@code probabilities} (a row per picture) against {@code truth} (class ids). */
    public static Reliability of(double[][] probabilities, int[] truth, int binCount) {
        if (binCount < 1) {
            throw new IllegalArgumentException("need at least one bin: " + binCount);
        }
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException("probabilities and truth differ in length");
        }
        int[] counts = new int[binCount];
        double[] confidence = new double[binCount];
        int[] correct = new int[binCount];
        for (int i = 0; i < truth.length; i++) {
            int best = Evaluation.argMax(probabilities[i]);
            double top = probabilities[i][best];
            int bin = Math.min(binCount - 1, Math.max(0, (int) Math.floor(top * binCount)));
            counts[bin]++;
            confidence[bin] += top;
            correct[bin] += best == truth[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>(binCount);
        double ece = 0;
        for (int b = 0; b < binCount; b++) {
            double meanConfidence = counts[b] == 0 ? Double.NaN : confidence[b] / counts[b];
            double accuracy = counts[b] == 0 ? Double.NaN : (double) correct[b] / counts[b];
            if (counts[b] > 0) {
                ece += (double) counts[b] / truth.length * Math.abs(accuracy - meanConfidence);
            }
            bins.add(new Bin((double) b / binCount, (double) (b + 1) / binCount, counts[b], meanConfidence, accuracy));
        }
        return new Reliability(truth.length == 0 ? Double.NaN : ece, bins);
    }
}
