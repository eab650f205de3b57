package io.sightline.image.parity;

import java.util.Arrays;

/**
 * Differences between two NCHW tensors (0..1 scale) after the ImageNet normalisation
 * {@code (x - mean) / std}, which is what the backbone sees.
 *
 * @param mad mean absolute difference
 * @param p99 99th percentile of the absolute differences
 * @param max largest absolute difference
 */
public record ParityStats(double mad, double p99, double max) {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    public static ParityStats of(float[] actual, float[] expected) {
        if (actual.length != expected.length || actual.length % 3 != 0) {
            throw new IllegalArgumentException(actual.length + " vs " + expected.length + " values");
        }
        int plane = actual.length / 3;
        float[] differences = new float[actual.length];
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            float std = STD[i / plane];
            differences[i] = Math.abs((actual[i] - MEAN[i / plane]) / std - (expected[i] - MEAN[i / plane]) / std);
            sum += differences[i];
        }
        Arrays.sort(differences);
        return new ParityStats(sum / actual.length, differences[(int) Math.ceil(0.99 * differences.length) - 1],
                differences[differences.length - 1]);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "MAD %.4f, p99 %.4f, max %.4f", mad, p99, max);
    }
}
