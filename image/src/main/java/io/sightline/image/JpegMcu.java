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
    /** Bound on a sample's distance from the mean per unit of the coefficients' L2 norm: the lesser of the exact 0.9922 and RMS_REACH / 8. */
    private static final float L2_REACH = Math.min(0.9922f, RMS_REACH / 8);

    static final float CR_R = (float) JpegAccumulator.TO_RGB[0][2];
    static final float CB_G = (float) JpegAccumulator.TO_RGB[1][1];
    static final float CR_G = (float) JpegAccumulator.TO_RGB[1][2];
    static final float CB_B = (float) JpegAccumulator.TO_RGB[2][1];

    final float[][] blocks = new float[MAX_BLOCKS][64];
    /**
     * Per block: its coefficient rows (bit v); 0 once {@link #weigh} consumed the block (weighing
     * leaves the rows it reads zero, so that the next block decoded there has nothing to clear).
     */
    final int[] rows = new int[MAX_BLOCKS];
    /** Per block: its coefficient columns (bit u). */
    final int[] columns = new int[MAX_BLOCKS];
    /** Per block: lower and upper bound of its samples. */
    final float[] low = new float[MAX_BLOCKS];
    final float[] high = new float[MAX_BLOCKS];
    /**
     * Where luma may lie without R, G or B leaving 0..255 whatever the chroma is within its bounds
     * ({@link #clampFree}); empty when the chroma itself may leave it.
     */
    private float lumaLow;
    private float lumaHigh;

    private final JpegHeader header;
    private final JpegAccumulator sums;
    private final JpegClamp clamp;
    private final int lumaBlocks;
    /** Per MCU column: bit t set when its luma block column t feeds a kept output, {@link #CHROMA} when its chroma does. */
    private final int[] acrossFeeds;
    /** Per MCU row: the same for its luma block rows and chroma. */
    private final int[] downFeeds;
    private static final int CHROMA = 1 << 8;
    /** Of the MCU being weighed: bit i set when its luma block i feeds a kept output. */
    int feeding;

    JpegMcu(JpegHeader header, JpegAxis x, JpegAxis y, JpegAccumulator sums) {
        this.header = header;
        this.sums = sums;
        this.lumaBlocks = header.hs[0] * header.vs[0];
        this.clamp = new JpegClamp(header, sums);
        this.acrossFeeds = feeds(x, header.width, header.hs[0]);
        this.downFeeds = feeds(y, header.height, header.vs[0]);
    }

    private static int[] feeds(JpegAxis axis, int pixels, int blocksPerMcu) {
        int[] feeds = new int[(pixels + 8 * blocksPerMcu - 1) / (8 * blocksPerMcu)];
        for (int m = 0; m < feeds.length; m++) {
            for (int t = 0; t < blocksPerMcu; t++) {
                feeds[m] |= axis.needed(1, m * blocksPerMcu + t) ? 1 << t : 0;
            }
            feeds[m] |= axis.needed(blocksPerMcu, m) ? CHROMA : 0;
        }
        return feeds;
    }

    /**
     * Records block i's rows after {@link JpegEntropy#block} decoded it, and
     * the bounds of its samples. A sample is at most the sum of |coefficient| times its basis
     * function's peak from the block's mean (an exact bound), and at most the coefficients' L2 norm
     * (also exact, the basis being orthonormal); the bound used is also at most {@link #RMS_REACH}
     * times the samples' RMS deviation, which only a block whose deviation sits in a few pixels
     * exceeds, and then by little.
     */
    void decoded(int i, JpegEntropy entropy) {
        rows[i] = entropy.rows;
        columns[i] = entropy.columns;
        float mean = 128 + blocks[i][0] * 0.125f;
        float l2 = (float) Math.sqrt(entropy.squares);
        float reach = l2 * L2_REACH;
        reach = entropy.peakSum < reach ? entropy.peakSum : reach;
        low[i] = mean - reach;
        high[i] = mean + reach;
    }

    /**
     * Weighs the MCU in MCU column {@code column}, MCU row {@code row}: first the corrections for its
     * clamping, then its blocks (weighing consumes them).
     */
    void weigh(int column, int row) {
        int bx0 = column * header.hs[0];
        int by0 = row * header.vs[0];
        int across = acrossFeeds[column];
        int down = downFeeds[row];
        feeding = 0;
        for (int ty = 0; ty < header.vs[0]; ty++) {
            for (int tx = 0; tx < header.hs[0]; tx++) {
                feeding |= (across >> tx & down >> ty & 1) << ty * header.hs[0] + tx;
            }
        }
        if (!clampFree()) {
            clamp.correct(this, bx0, by0);
        }
        for (int ty = 0; ty < header.vs[0]; ty++) {
            for (int tx = 0; tx < header.hs[0]; tx++) {
                int i = ty * header.hs[0] + tx;
                if ((feeding >> i & 1) != 0) {
                    sums.across(ty, 1, bx0 + tx, blocks[i], rows[i], columns[i]);
                    rows[i] = 0;
                }
            }
        }
        if (header.components == 3 && (across & down & CHROMA) != 0) {
            for (int c = 1; c < 3; c++) {
                int i = lumaBlocks + c - 1;
                sums.across(header.vs[0] + c - 1, header.hs[0], column, blocks[i], rows[i], columns[i]);
                rows[i] = 0;
            }
        }
    }

    /** True when no sample of Y, Cb, Cr, R, G or B of the MCU can leave 0..255 (by the blocks' bounds). */
    private boolean clampFree() {
        lumaLow = 0;
        lumaHigh = 255;
        if (header.components == 3) {
            float cbLow = low[lumaBlocks] - 128;
            float cbHigh = high[lumaBlocks] - 128;
            float crLow = low[lumaBlocks + 1] - 128;
            float crHigh = high[lumaBlocks + 1] - 128;
            if (cbLow < -128 || cbHigh > 127 || crLow < -128 || crHigh > 127) {
                lumaLow = Float.POSITIVE_INFINITY;
                lumaHigh = Float.NEGATIVE_INFINITY;
                return false;
            }
            // R = Y + CR_R Cr, G = Y + CB_G Cb + CR_G Cr, B = Y + CB_B Cb (CR_R, CB_B > 0; CB_G, CR_G < 0)
            float rHigh = CR_R * crHigh;
            float rLow = CR_R * crLow;
            float gHigh = CB_G * cbLow + CR_G * crLow;
            float gLow = CB_G * cbHigh + CR_G * crHigh;
            float bHigh = CB_B * cbHigh;
            float bLow = CB_B * cbLow;
            float least = rLow < gLow ? rLow : gLow;
            least = bLow < least ? bLow : least;
            float most = rHigh > gHigh ? rHigh : gHigh;
            most = bHigh > most ? bHigh : most;
            lumaLow = least < 0 ? -least : 0;
            lumaHigh = most > 0 ? 255 - most : 255;
        }
        boolean free = true;
        for (int i = 0; i < lumaBlocks; i++) {
            free &= lumaFree(i);
        }
        return free;
    }

    /** The same for luma block i of the MCU, once {@link #clampFree()} ran. */
    boolean lumaFree(int i) {
        return low[i] >= lumaLow && high[i] <= lumaHigh;
    }
}
