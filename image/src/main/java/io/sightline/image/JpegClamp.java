package io.sightline.image;

/**
 * Where the decoder clamps: the MCU's exact samples (inverse DCT, unrounded), and for every pixel
 * where Y, Cb or Cr (libjpeg's range limit) or R, G or B (colour conversion) leaves 0..255, the
 * difference between the clamped pixel and the linear one, added to the sums at that pixel's
 * weights. {@link JpegMcu} has already weighed the linear part. Not thread-safe.
 */
final class JpegClamp {
    private final JpegHeader header;
    private final JpegAxis x;
    private final JpegAxis y;
    private final JpegAccumulator sums;
    private final float[][] samples = new float[6][64];
    private final JpegIdct idct = new JpegIdct();

    private static final float CR_R = (float) JpegAccumulator.TO_RGB[0][2];
    private static final float CB_G = (float) JpegAccumulator.TO_RGB[1][1];
    private static final float CR_G = (float) JpegAccumulator.TO_RGB[1][2];
    private static final float CB_B = (float) JpegAccumulator.TO_RGB[2][1];
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

    /** Corrects the luma tiles of the MCU whose bounds (see {@link JpegMcu#clampFree(int)}) allow clamping. */
    void correct(JpegMcu mcu, int bx0, int by0) {
        int lumaBlocks = header.hs[0] * header.vs[0];
        boolean chromaDone = header.components == 1;
        for (int ty = 0; ty < header.vs[0]; ty++) {
            for (int tx = 0; tx < header.hs[0]; tx++) {
                int i = ty * header.hs[0] + tx;
                if (!x.needed(1, bx0 + tx) || !y.needed(1, by0 + ty) || mcu.clampFree(i)) {
                    continue;
                }
                if (!chromaDone) {
                    for (int c = lumaBlocks; c < lumaBlocks + 2; c++) {
                        idct.inverse(mcu.blocks[c], mcu.rows[c], samples[c]);
                        mcu.exactRange(c, samples[c]);
                    }
                    chromaDone = true;
                    if (mcu.clampFree(i)) {
                        continue; // the chroma's exact range clears it
                    }
                }
                idct.inverse(mcu.blocks[i], mcu.rows[i], samples[i]);
                mcu.exactRange(i, samples[i]);
                if (!mcu.clampFree(i)) {
                    tile(samples[i], tx, ty, bx0 + tx, by0 + ty, lumaBlocks);
                }
            }
        }
    }

    private void tile(float[] luma, int tx, int ty, int bx, int by, int lumaBlocks) {
        if (header.components == 1) {
            for (int i = 0; i < 64; i++) {
                float clamped = clamp(luma[i]);
                if (clamped != luma[i]) {
                    sums.correct(0, bx, by, i & 7, i >> 3, clamped - luma[i]);
                }
            }
            return;
        }
        float[] cbs = samples[lumaBlocks];
        float[] crs = samples[lumaBlocks + 1];
        int shiftX = header.hs[0] - 1;
        int shiftY = header.vs[0] - 1;
        for (int py = 0; py < 8; py++) {
            int chromaRow = (ty * 8 + py) >> shiftY << 3;
            for (int px = 0; px < 8; px++) {
                int chroma = chromaRow + ((tx * 8 + px) >> shiftX);
                float lum = luma[py * 8 + px];
                float cb = cbs[chroma] - 128;
                float cr = crs[chroma] - 128;
                float r = lum + CR_R * cr;
                float g = lum + CB_G * cb + CR_G * cr;
                float b = lum + CB_B * cb;
                boolean inside = (lum >= 0) & (lum <= 255) & (cb >= -128) & (cb <= 127) & (cr >= -128) & (cr <= 127)
                        & (r >= 0) & (r <= 255) & (g >= 0) & (g <= 255) & (b >= 0) & (b <= 255);
                if (inside) {
                    continue;
                }
                float lumClamped = clamp(lum);
                float cbClamped = clamp(cb + 128) - 128;
                float crClamped = clamp(cr + 128) - 128;
                r = lumClamped + CR_R * crClamped;
                g = lumClamped + CB_G * cbClamped + CR_G * crClamped;
                b = lumClamped + CB_B * cbClamped;
                float rc = clamp(r) - 128;
                float gc = clamp(g) - 128;
                float bc = clamp(b) - 128;
                sums.correct(0, bx, by, px, py, BACK[0] * rc + BACK[1] * gc + BACK[2] * bc - (lum - 128));
                sums.correct(1, bx, by, px, py, BACK[3] * rc + BACK[4] * gc + BACK[5] * bc - cb);
                sums.correct(2, bx, by, px, py, BACK[6] * rc + BACK[7] * gc + BACK[8] * bc - cr);
            }
        }
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }
}
