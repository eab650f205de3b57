package io.sightline.image;

/**
 * Bilinear resampling weights along one axis, for a run of output positions only (the centre crop),
 * computed exactly as Pillow's {@code Image.resize(BILINEAR)} computes them (libImaging/Resample.c,
 * {@code precompute_coeffs} then {@code normalize_coeffs_8bpc}); torchvision's {@code Resize} on a PIL
 * picture calls that.
 *
 * <p>Output pixel o is centred on {@code (o + 0.5) * in / out} (half-pixel centres); the tent is
 * widened by the scale factor when shrinking (antialiasing), so every input pixel contributes; taps
 * run from {@code (int) (centre - support + 0.5)} to {@code (int) (centre + support + 0.5)}, clipped to
 * the picture, and are normalised to sum 1 in double precision, then rounded to fixed point with
 * {@link #PRECISION_BITS} fraction bits. When enlarging this is two-tap bilinear interpolation.
 */
final class ResampleTaps {
    /** Pillow's {@code PRECISION_BITS}: 32 - 8 - 2. */
    static final int PRECISION_BITS = 22;
    /** Added before the shift: rounds half up, as Pillow does. */
    static final int HALF = 1 << (PRECISION_BITS - 1);

    final int[] first;
    final int[] count;
    final int[] weights;
    final int stride;

    private ResampleTaps(int outputs, int stride) {
        this.first = new int[outputs];
        this.count = new int[outputs];
        this.weights = new int[outputs * stride];
        this.stride = stride;
    }

    /** Weights of output positions {@code start .. start + outputs - 1} of an {@code in -> out} resize. */
    static ResampleTaps of(int in, int out, int start, int outputs) {
        double scale = (double) in / out;
        double filterScale = Math.max(1.0, scale);
        double support = filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;
        ResampleTaps taps = new ResampleTaps(outputs, stride);
        double[] row = new double[stride];
        for (int k = 0; k < outputs; k++) {
            double centre = (start + k + 0.5) * scale;
            int from = Math.max(0, (int) (centre - support + 0.5));
            int to = Math.min(in, (int) (centre + support + 0.5));
            double inverse = 1.0 / filterScale;
            double total = 0;
            for (int i = from; i < to; i++) {
                row[i - from] = tent((i - centre + 0.5) * inverse);
                total += row[i - from];
            }
            taps.first[k] = from;
            taps.count[k] = to - from;
            for (int i = 0; i < to - from; i++) {
                double weight = total != 0 ? row[i] / total : row[i];
                taps.weights[k * stride + i] = (int) (0.5 + weight * (1 << PRECISION_BITS));
            }
        }
        return taps;
    }

    /**
     * The same weights with the same number of taps for every output, {@link #stride} of them (the most any
     * output has): zero weights are added after the last tap, or before the first where the picture ends, so
     * the sums do not change while the horizontal pass runs a fixed-length loop. {@code in}: the picture's
     * size along this axis. Bilinear weights are never negative, which the horizontal pass relies on.
     */
    ResampleTaps uniform(int in) {
        int taps = 0;
        for (int k = 0; k < count.length; k++) {
            taps = Math.max(taps, count[k]);
        }
        ResampleTaps out = new ResampleTaps(count.length, taps);
        for (int k = 0; k < count.length; k++) {
            int from = Math.min(first[k], in - taps);
            int shift = first[k] - from;
            out.first[k] = from;
            out.count[k] = taps;
            System.arraycopy(weights, k * stride, out.weights, k * taps + shift, count[k]);
        }
        return out;
    }

    /** Pillow's {@code bilinear_filter}. */
    static double tent(double x) {
        double a = Math.abs(x);
        return a < 1 ? 1 - a : 0;
    }

    /** Pillow's {@code clip8}: a fixed-point sum (HALF included) to 0..255. */
    static int clip8(int sum) {
        int value = sum >> PRECISION_BITS;
        return value < 0 ? 0 : Math.min(value, 255);
    }

    /** First input index used by any output. */
    int lowest() {
        return first[0];
    }

    /** One past the last input index used by any output. */
    int highest() {
        int last = first.length - 1;
        return first[last] + count[last];
    }
}
