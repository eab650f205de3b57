package io.sightline.image;

/**
 * Bilinear resampling weights along one axis, for a run of output positions only (the centre crop).
 *
 * <p>Convention: half-pixel centres (align_corners=false): output pixel o samples the input at
 * {@code (o + 0.5) * in / out - 0.5}. Weights are the triangle (tent) function; when shrinking, the
 * tent is widened by the scale factor so that every input pixel contributes (antialiasing), as PIL's
 * {@code Image.resize(BILINEAR)} and torchvision's {@code Resize(antialias=True)} do. When enlarging
 * this is exactly two-tap bilinear interpolation. Taps that would fall outside the picture are
 * dropped and the remaining weights renormalised.
 */
final class ResampleTaps {
    final int[] first;
    final int[] count;
    final float[] weights;
    final int stride;

    private ResampleTaps(int outputs, int stride) {
        this.first = new int[outputs];
        this.count = new int[outputs];
        this.weights = new float[outputs * stride];
        this.stride = stride;
    }

    /** Weights of output positions {@code start .. start + outputs - 1} of an {@code in -> out} resize. */
    static ResampleTaps of(int in, int out, int start, int outputs) {
        double scale = (double) in / out;
        double widen = Math.max(1.0, scale);
        int stride = (int) Math.ceil(widen) * 2 + 1;
        ResampleTaps taps = new ResampleTaps(outputs, stride);
        for (int k = 0; k < outputs; k++) {
            taps.fill(k, (start + k + 0.5) * scale, widen, in);
        }
        return taps;
    }

    private void fill(int k, double centre, double widen, int in) {
        int from = Math.max(0, (int) Math.floor(centre - widen + 0.5));
        int to = Math.min(in, (int) Math.floor(centre + widen + 0.5));
        double total = 0;
        for (int i = from; i < to; i++) {
            total += tent((i + 0.5 - centre) / widen);
        }
        first[k] = from;
        count[k] = to - from;
        for (int i = from; i < to; i++) {
            weights[k * stride + i - from] = (float) (tent((i + 0.5 - centre) / widen) / total);
        }
    }

    private static double tent(double x) {
        double a = Math.abs(x);
        return a < 1 ? 1 - a : 0;
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
