package io.sightline.cli.bench;

import java.util.Arrays;

/**
 * Latency percentiles of a sample, by the nearest-rank method (the value at rank ceil(p * n) of the
 * sorted sample), in milliseconds.
 *
 * @param count how many values the sample had
 * @param p50   median
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param mean  arithmetic mean
 */
public record Percentiles(int count, double p50, double p95, double p99, double mean) {

    /** The percentiles of {@code values} (not modified); an empty sample is an {@link IllegalArgumentException}. */
    public static Percentiles of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take percentiles of");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sum / sorted.length);
    }

    /** The value at nearest rank {@code ceil(p * n)} (1-based) of a sorted sample. */
    static double rank(double[] sorted, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("percentile must be in (0, 1], was " + p);
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
