package io.sightline.onnx.quant;

import java.nio.FloatBuffer;

/**
 * The values one activation tensor took during calibration: exact minimum and maximum, and a
 * histogram of {@link #BINS} equal bins over a range that widens (re-binning what was counted) when a
 * batch goes beyond it. The histogram counts every {@link #SAMPLE_STRIDE}-th value (neighbouring
 * activations are alike; counting all of them doubled the calibration time) and answers percentiles
 * to within one bin's width.
 */
final class RangeHistogram {
    static final int BINS = 2048;
    /** Every this-many-th value is counted in the histogram (all of them in the minimum and maximum). */
    static final int SAMPLE_STRIDE = 3;

    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double low;
    private double width; // of one bin; 0 until the first values
    private long[] counts = new long[BINS];
    private long total;
    private final float[] chunk = new float[1 << 14]; // values are copied here to be counted from an array

    /** Counts every value of {@code values} from its position to its limit (the position is not moved). */
    void add(FloatBuffer values) {
        if (values.hasArray()) { // a heap buffer (what ONNX Runtime's outputs are copied into): read it in place
            add(values.array(), values.arrayOffset() + values.position(), values.remaining());
            return;
        }
        FloatBuffer rest = values.duplicate();
        while (rest.hasRemaining()) {
            int n = Math.min(chunk.length, rest.remaining());
            rest.get(chunk, 0, n);
            add(chunk, 0, n);
        }
    }

    private void add(float[] values, int from, int n) {
        if (n == 0) {
            return;
        }
        int to = from + n;
        float batchMin = values[from];
        float batchMax = values[from];
        for (int i = from + 1; i < to; i++) { // Math.min / max keep a NaN, which is then refused below
            batchMin = Math.min(batchMin, values[i]);
            batchMax = Math.max(batchMax, values[i]);
        }
        if (!Float.isFinite(batchMin) || !Float.isFinite(batchMax)) {
            throw new IllegalStateException("calibration saw a value that is not finite");
        }
        min = Math.min(min, batchMin);
        max = Math.max(max, batchMax);
        cover(batchMin, batchMax);
        float scale = (float) (1 / width);
        float lo = (float) low;
        long[] c = counts;
        for (int i = from; i < to; i += SAMPLE_STRIDE) {
            int bin = (int) ((values[i] - lo) * scale);
            c[bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin]++;
        }
        total += (n + SAMPLE_STRIDE - 1) / SAMPLE_STRIDE;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    long total() {
        return total;
    }

    /** The value below which {@code share} (0..1) of the counted values lie, to within a bin. */
    double quantile(double share) {
        if (total == 0) {
            throw new IllegalStateException("no values counted");
        }
        long target = (long) Math.ceil(share * total);
        long seen = 0;
        for (int bin = 0; bin < BINS; bin++) {
            seen += counts[bin];
            if (seen >= target && counts[bin] > 0) {
                double edge = share < 0.5 ? low + bin * width : low + (bin + 1) * width;
                return Math.max(min, Math.min(max, edge));
            }
        }
        return max;
    }

    /** Widens the histogram range to hold [lo, hi], moving each counted bin to the new bin of its centre. */
    private void cover(double lo, double hi) {
        if (width == 0) {
            double span = Math.max(hi - lo, 1e-6);
            low = lo;
            width = span * 1.0001 / BINS;
            return;
        }
        double high = low + width * BINS;
        if (lo >= low && hi < high) {
            return;
        }
        double newLow = Math.min(low, lo);
        double newHigh = Math.max(high, hi);
        double newWidth = Math.max((newHigh - newLow) * 1.0001, 2 * width * BINS) / BINS; // at least double: few re-binnings
        if (lo < low) {
            newLow = Math.min(newLow, newHigh - newWidth * BINS); // grow downwards when the new values are below
        }
        long[] moved = new long[BINS];
        for (int bin = 0; bin < BINS; bin++) {
            if (counts[bin] != 0) {
                double centre = low + (bin + 0.5) * width;
                int to = (int) ((centre - newLow) / newWidth);
                moved[Math.max(0, Math.min(BINS - 1, to))] += counts[bin];
            }
        }
        counts = moved;
        low = newLow;
        width = newWidth;
    }
}
