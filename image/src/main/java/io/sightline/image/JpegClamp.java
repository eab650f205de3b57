package io.sightline.image;

/**
 * Where the decoder clamps: the MCU's exact samples (inverse DCT, unrounded), and for every pixel
 * where Y, Cb or Cr (libjpeg's range limit) or R, G or B (colour conversion) leaves 0..255, the
 * difference between the clamped pixel and the linear one, added to the sums at that pixel's
 * weights. {@link JpegMcu} has already weighed the linear part. Not thread-safe.
 *
 * <p>The chroma is decoded first, and turned into the range each chroma sample leaves its luma
 * ({@link #limits}): a pixel is clamped exactly when its luma is outside its chroma sample's range.
 * A luma block whose bounds fit every range of the chroma samples it covers needs no inverse DCT.
 */
final class JpegClamp {
    private final JpegHeader header;
    private final JpegAccumulator sums;
    private final float[] luma = new float[64];
    private final float[] cbs = new float[64];
    private final float[] crs = new float[64];
    /** Per chroma sample: where luma may lie without Y, Cb, Cr, R, G or B leaving 0..255 (empty, by far, when Cb or Cr does). */
    private final float[] lowest = new float[64];
    private final float[] highest = new float[64];
    private final JpegIdct idct = new JpegIdct();
    /** The luma range of a chroma sample outside 0..255, from EMPTY to -EMPTY: empty by far more than luma can span. */
    private static final float EMPTY = 1e9f;

    /** {@link JpegAccumulator#TO_YCC}, row after row. */
    private static final float[] BACK = new float[9];

    static {
        for (int i = 0; i < 9; i++) {
            BACK[i] = JpegAccumulator.TO_YCC[i / 3][i % 3];
        }
    }

    JpegClamp(JpegHeader header, JpegAccumulator sums) {
        this.header = header;
        this.sums = sums;
    }

    /** Corrects the luma blocks of the MCU whose bounds (see {@link JpegMcu#lumaFree}) allow clamping. */
    void correct(JpegMcu mcu, int bx0, int by0) {
        int lumaBlocks = header.hs[0] * header.vs[0];
        boolean grey = header.components == 1;
        boolean chromaDone = grey;
        for (int ty = 0; ty < header.vs[0]; ty++) {
            for (int tx = 0; tx < header.hs[0]; tx++) {
                int i = ty * header.hs[0] + tx;
                if ((mcu.feeding >> i & 1) == 0 || mcu.lumaFree(i)) {
                    continue;
                }
                if (!chromaDone) {
                    idct.inverse(mcu.blocks[lumaBlocks], mcu.rows[lumaBlocks], mcu.columns[lumaBlocks], cbs);
                    idct.inverse(mcu.blocks[lumaBlocks + 1], mcu.rows[lumaBlocks + 1], mcu.columns[lumaBlocks + 1], crs);
                    limits();
                    chromaDone = true;
                }
                if (!grey && fits(mcu.low[i], mcu.high[i], tx, ty)) {
                    continue; // the chroma's exact values clear it
                }
                idct.inverse(mcu.blocks[i], mcu.rows[i], mcu.columns[i], luma);
                if (grey) {
                    grey(bx0 + tx, by0 + ty);
                } else {
                    tile(tx, ty, bx0 + tx, by0 + ty);
                }
            }
        }
    }

    /** Fills {@link #lowest} and {@link #highest} from the chroma samples. */
    private void limits() {
        for (int s = 0; s < 64; s++) {
            float cb = cbs[s] - 128;
            float cr = crs[s] - 128;
            float r = JpegMcu.CR_R * cr;
            float g = JpegMcu.CB_G * cb + JpegMcu.CR_G * cr;
            float b = JpegMcu.CB_B * cb;
            lowest[s] = positive(-min(r, min(g, b)));
            highest[s] = 255 - positive(max(r, max(g, b)));
        }
        for (int s = 0; s < 64; s++) { // apart, so that the loop above stays branch-free (and vectorised)
            float cb = cbs[s] - 128;
            float cr = crs[s] - 128;
            if (cb < -128 || cb > 127 || cr < -128 || cr > 127) {
                lowest[s] = EMPTY;
                highest[s] = -EMPTY;
            }
        }
    }

    // Branch-free and without Math.min / max, which are slow here (they handle NaN and -0, which never occur).

    private static float positive(float v) {
        return 0.5f * (v + Math.abs(v));
    }

    private static float max(float a, float b) {
        return 0.5f * (a + b + Math.abs(a - b));
    }

    private static float min(float a, float b) {
        return 0.5f * (a + b - Math.abs(a - b));
    }

    /** Whether luma within low .. high fits the range of every chroma sample that block (tx, ty) covers. */
    private boolean fits(float low, float high, int tx, int ty) {
        int shiftX = header.hs[0] - 1;
        int shiftY = header.vs[0] - 1;
        int x0 = tx * 8 >> shiftX;
        int x1 = (tx * 8 + 7) >> shiftX;
        boolean fit = true; // without branches: whether a sample narrows it is anyone's guess
        for (int row = ty * 8 >> shiftY; row <= (ty * 8 + 7) >> shiftY; row++) {
            for (int s = row * 8 + x0; s <= row * 8 + x1; s++) {
                fit &= lowest[s] <= low & highest[s] >= high;
            }
        }
        return fit;
    }

    private void grey(int bx, int by) {
        for (int i = 0; i < 64; i++) {
            float clamped = clamp(luma[i]);
            if (clamped != luma[i]) {
                sums.correct(bx, by, i & 7, i >> 3, clamped - luma[i], 0, 0);
            }
        }
    }

    private void tile(int tx, int ty, int bx, int by) {
        int shiftX = header.hs[0] - 1;
        int shiftY = header.vs[0] - 1;
        long outside = 0; // bit py * 8 + px: that pixel is clamped; found without branches
        for (int py = 0; py < 8; py++) {
            int chromaRow = (ty * 8 + py) >> shiftY << 3;
            for (int px = 0; px < 8; px++) {
                int chroma = chromaRow + ((tx * 8 + px) >> shiftX);
                float lum = luma[py * 8 + px];
                outside |= (lum < lowest[chroma] | lum > highest[chroma] ? 1L : 0L) << (py * 8 + px);
            }
        }
        for (; outside != 0; outside &= outside - 1) {
            int i = Long.numberOfTrailingZeros(outside);
            int chroma = ((ty * 8 + (i >> 3)) >> shiftY << 3) + ((tx * 8 + (i & 7)) >> shiftX);
            pixel(luma[i], cbs[chroma] - 128, crs[chroma] - 128, bx, by, i & 7, i >> 3);
        }
    }

    /** Adds what clamping changes at pixel (px, py) of luma block (bx, by). */
    private void pixel(float lum, float cb, float cr, int bx, int by, int px, int py) {
        float lumClamped = clamp(lum);
        float cbClamped = clamp(cb + 128) - 128;
        float crClamped = clamp(cr + 128) - 128;
        float r = lumClamped + JpegMcu.CR_R * crClamped;
        float g = lumClamped + JpegMcu.CB_G * cbClamped + JpegMcu.CR_G * crClamped;
        float b = lumClamped + JpegMcu.CB_B * cbClamped;
        float rc = clamp(r) - 128;
        float gc = clamp(g) - 128;
        float bc = clamp(b) - 128;
        sums.correct(bx, by, px, py, BACK[0] * rc + BACK[1] * gc + BACK[2] * bc - (lum - 128),
                BACK[3] * rc + BACK[4] * gc + BACK[5] * bc - cb, BACK[6] * rc + BACK[7] * gc + BACK[8] * bc - cr);
    }

    /** Without branches (which side a value leaves on is anyone's guess); no NaN occurs. */
    private static float clamp(float v) {
        return Math.min(Math.max(v, 0), 255);
    }
}
