package io.sightline.image;

/**
 * One MCU of {@link JpegReducer}: its blocks' coefficients, weighed straight into a
 * {@link JpegAccumulator} (every step from coefficients to the resized picture is linear) and,
 * where a sample of Y, Cb, Cr, R, G or B may leave 0..255 (bounds from the coefficients), corrected
 * for the clamping the decoder would do ({@link JpegClamp}).
 */
final class JpegMcu {
    private static final int MAX_BLOCKS = 6;
    /**
     * How many RMS deviations from its mean a block's samples are taken to reach at most: 2 gives the
     * same parity on the golden fixtures as exact bounds (4 and more), 1 starts to lose some.
     */
    static final float RMS_REACH = 2;

    final int[][] blocks = new int[MAX_BLOCKS][64];
    final int[][] listed = new int[MAX_BLOCKS][64];
    final int[] counts = new int[MAX_BLOCKS];
    /** Per block: its coefficient rows (bit v), lower and upper bound of its samples. */
    final int[] rows = new int[MAX_BLOCKS];
    private final float[] low = new float[MAX_BLOCKS];
    private final float[] high = new float[MAX_BLOCKS];

    private final JpegHeader header;
    private final JpegAxis x;
    private final JpegAxis y;
    private final JpegAccumulator sums;
    private final JpegClamp clamp;
    private final int lumaBlocks;

    JpegMcu(JpegHeader header, JpegAxis x, JpegAxis y, JpegAccumulator sums) {
        this.header = header;
        this.x = x;
        this.y = y;
        this.sums = sums;
        this.lumaBlocks = header.hs[0] * header.vs[0];
        this.clamp = new JpegClamp(header, x, y, sums);
    }

    /** Records block i's coefficient count and rows after {@link JpegEntropy#block} decoded it. */
    void decoded(int i, JpegEntropy entropy) {
        counts[i] = entropy.count;
        rows[i] = entropy.rows;
    }

    /**
     * Bounds of block i's samples. A sample is at most the sum of |coefficient| times its basis
     * function's peak from the block's mean (an exact bound), and at most the coefficients' L2 norm
     * (also exact, the basis being orthonormal); the bound used is also at most {@link #RMS_REACH}
     * times the samples' RMS deviation, which only a block whose deviation sits in a few pixels
     * exceeds, and then by little.
     */
    private void bounds(int i) {
        int[] f = blocks[i];
        int[] list = listed[i];
        float abs = 0;
        float squares = 0;
        for (int k = 1; k < counts[i]; k++) {
            float v = f[list[k]];
            abs += Math.abs(v) * JpegBasis.PEAK[list[k]];
            squares += v * v;
        }
        float mean = 128 + f[0] / 8f;
        float l2 = (float) Math.sqrt(squares);
        float reach = Math.min(l2 * 0.9922f, RMS_REACH * l2 / 8);
        reach = abs < reach ? abs : reach;
        low[i] = mean - reach;
        high[i] = mean + reach;
    }

    /** Weighs the MCU in MCU column {@code column}, MCU row {@code row}. */
    void weigh(int column, int row) {
        int bx0 = column * header.hs[0];
        int by0 = row * header.vs[0];
        for (int ty = 0; ty < header.vs[0]; ty++) {
            for (int tx = 0; tx < header.hs[0]; tx++) {
                int i = ty * header.hs[0] + tx;
                if (x.needed(1, bx0 + tx) && y.needed(1, by0 + ty)) {
                    sums.across(ty, 1, bx0 + tx, blocks[i], listed[i], counts[i]);
                }
            }
        }
        if (header.components == 3 && x.needed(header.hs[0], column) && y.needed(header.vs[0], row)) {
            for (int c = 1; c < 3; c++) {
                int i = lumaBlocks + c - 1;
                sums.across(header.vs[0] + c - 1, header.hs[0], column, blocks[i], listed[i], counts[i]);
            }
        }
        for (int i = 0; i < lumaBlocks + (header.components == 3 ? 2 : 0); i++) {
            bounds(i);
        }
        if (!clampFree()) {
            clamp.correct(this, bx0, by0);
        }
    }

    /** Replaces block i's bounds by the exact range of its samples. */
    void exactRange(int i, float[] samples) {
        float lo = samples[0];
        float hi = samples[0];
        for (int k = 1; k < 64; k++) {
            float v = samples[k];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        low[i] = lo;
        high[i] = hi;
    }

    /** True when no sample of Y, Cb, Cr, R, G or B can leave 0..255. */
    boolean clampFree() {
        return clampFree(-1);
    }

    /** The same for luma block {@code only} of the MCU (all of them when negative). */
    boolean clampFree(int only) {
        float yLow = Float.MAX_VALUE;
        float yHigh = -Float.MAX_VALUE;
        for (int i = 0; i < lumaBlocks; i++) {
            if (only < 0 || i == only) {
                yLow = low[i] < yLow ? low[i] : yLow;
                yHigh = high[i] > yHigh ? high[i] : yHigh;
            }
        }
        if (yLow < 0 || yHigh > 255) {
            return false;
        }
        if (header.components == 1) {
            return true;
        }
        float cbLow = low[lumaBlocks] - 128;
        float cbHigh = high[lumaBlocks] - 128;
        float crLow = low[lumaBlocks + 1] - 128;
        float crHigh = high[lumaBlocks + 1] - 128;
        if (cbLow < -128 || cbHigh > 127 || crLow < -128 || crHigh > 127) {
            return false;
        }
        double[][] m = JpegAccumulator.TO_RGB;
        for (int c = 0; c < 3; c++) {
            double lo = yLow + Math.min(m[c][1] * cbLow, m[c][1] * cbHigh) + Math.min(m[c][2] * crLow, m[c][2] * crHigh);
            double hi = yHigh + Math.max(m[c][1] * cbLow, m[c][1] * cbHigh) + Math.max(m[c][2] * crLow, m[c][2] * crHigh);
            if (lo < 0 || hi > 255) {
                return false;
            }
        }
        return true;
    }
}
