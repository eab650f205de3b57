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
    private final JpegAxis x;
    private final JpegAxis y;
    private final JpegAccumulator sums;
    private final float[] luma = new float[64];
    private final float[] cbs = new float[64];
    private final float[] crs = new float[64];
    /** Per chroma sample: where luma may lie without Y, Cb, Cr, R, G or B leaving 0..255 (empty, by far, when Cb or Cr does). */
    private final float[] lowest = new float[64];
    private final float[] highest = new float[64];
    private final JpegIdct idct = new JpegIdct();
    /** Per unit of chroma outside 0..255: how much the luma range of its sample shrinks at each end. */
    private static final float CHROMA_OUT = 1e9f;

    /** {@link JpegAccumulator#TO_YCC}, row after row. */
    private static final float[] BACK = new float[9];

    static {
        for (int i = 0; i < 9; i++) {
            BACK[i] = JpegAccumulator.TO_YCC[i / 3][i % 3];
        }
    }

    JpegClamp(JpegHeader header, JpegAxis x, JpegAxis y, JpegAccumulator sums) {
        this.header = header;
        this.x = x;
        this.y = y;
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
                if (!x.needed(1, bx0 + tx) || !y.needed(1, by0 + ty) || mcu.lumaFree(i)) {
                    continue;
                }
                if (!chromaDone) {
                    idct.inverse(mcu.blocks[lumaBlocks], mcu.rows[lumaBlocks], cbs);
                    idct.inverse(mcu.blocks[lumaBlocks + 1], mcu.rows[lumaBlocks + 1], crs);
                    limits();
                    chromaDone = true;
                }
                if (!grey && fits(mcu.low[i], mcu.high[i], tx, ty)) {
                    continue; // the chroma's exact values clear it
                }
                idct.inverse(mcu.blocks[i], mcu.rows[i], luma);
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
            // chroma outside -128..127 empties the range (by far more than luma can span)
            float excess = (positive(Math.abs(cb + 0.5f) - 127.5f) + positive(Math.abs(cr + 0.5f) - 127.5f)) * CHROMA_OUT;
            lowest[s] = positive(-min(r, min(g, b))) + excess;
            highest[s] = 255 - positive(max(r, max(g, b))) - excess;
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
        float most = 0;
        float least = 255;
        for (int row = ty * 8 >> shiftY; row <= (ty * 8 + 7) >> shiftY; row++) {
            for (int s = row * 8 + x0; s <= row * 8 + x1; s++) {
                most = lowest[s] > most ? lowest[s] : most;
                least = highest[s] < least ? highest[s] : least;
            }
        }
        return low >= most && high <= least;
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
        boolean outside = false;
        for (int py = 0; py < 8; py++) { // first without branches: most blocks tested have no clamped pixel
            int chromaRow = (ty * 8 + py) >> shiftY << 3;
            for (int px = 0; px < 8; px++) {
                int chroma = chromaRow + ((tx * 8 + px) >> shiftX);
                float lum = luma[py * 8 + px];
                outside |= (lum < lowest[chroma]) | (lum > highest[chroma]);
            }
        }
        if (!outside) {
            return;
        }
        for (int py = 0; py < 8; py++) {
            int chromaRow = (ty * 8 + py) >> shiftY << 3;
            for (int px = 0; px < 8; px++) {
                int chroma = chromaRow + ((tx * 8 + px) >> shiftX);
                float lum = luma[py * 8 + px];
                if (lum < lowest[chroma] || lum > highest[chroma]) {
                    pixel(lum, cbs[chroma] - 128, crs[chroma] - 128, bx, by, px, py);
                }
            }
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

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }
}
