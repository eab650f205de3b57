package io.sightline.image;

/**
 * A fast floating-point 8 x 8 inverse DCT: the Arai-Agui-Nakajima factorisation (the scheme of
 * libjpeg's float IDCT), columns then rows, 5 multiplications and 29 additions per 8 samples. Gives
 * {@code 128 + sum over u, v of F(v, u) * B[u][x] * B[v][y]} (see {@link JpegBasis}), unrounded and
 * unclamped. Not thread-safe (one work area per instance).
 */
final class JpegIdct {
    /** Per natural index: the AAN prescale {@code a(u) * a(v) / 8}, a(0) = 1, a(k) = sqrt(2) cos(k pi / 16). */
    private static final float[] PRESCALE = new float[64];

    static {
        double[] a = new double[8];
        for (int k = 0; k < 8; k++) {
            a[k] = k == 0 ? 1 : Math.sqrt(2) * Math.cos(k * Math.PI / 16);
        }
        for (int i = 0; i < 64; i++) {
            PRESCALE[i] = (float) (a[i >> 3] * a[i & 7] / 8);
        }
    }

    private final float[] work = new float[64];

    /**
     * Block f (natural order; rows: bit v set where row v may have a coefficient, columns: bit u where
     * column u may, every row and column that has one) into out.
     */
    void inverse(float[] f, int rows, int columns, float[] out) {
        float[] w = work;
        for (int u = 0; u < 8; u++) {
            if ((columns >> u & 1) == 0) { // what the butterfly gives for zeros, without it
                for (int v = 0; v < 8; v++) {
                    w[v * 8 + u] = 0;
                }
                continue;
            }
            float c0 = f[u] * PRESCALE[u];
            if ((rows & 0xfe) == 0) {
                for (int v = 0; v < 8; v++) {
                    w[v * 8 + u] = c0;
                }
                continue;
            }
            butterfly(c0, f[8 + u] * PRESCALE[8 + u], f[16 + u] * PRESCALE[16 + u], f[24 + u] * PRESCALE[24 + u],
                    f[32 + u] * PRESCALE[32 + u], f[40 + u] * PRESCALE[40 + u], f[48 + u] * PRESCALE[48 + u],
                    f[56 + u] * PRESCALE[56 + u], w, u, 8, 0);
        }
        for (int y = 0; y < 8; y++) {
            int at = y * 8;
            butterfly(w[at], w[at + 1], w[at + 2], w[at + 3], w[at + 4], w[at + 5], w[at + 6], w[at + 7], out, at, 1, 128);
        }
    }

    /** One 8-point inverse transform of inputs i0..i7 into out[at + k * step] + offset. */
    private static void butterfly(float i0, float i1, float i2, float i3, float i4, float i5, float i6, float i7,
            float[] out, int at, int step, float offset) {
        float tmp10 = i0 + i4;
        float tmp11 = i0 - i4;
        float tmp13 = i2 + i6;
        float tmp12 = (i2 - i6) * 1.414213562f - tmp13;
        float tmp0 = tmp10 + tmp13 + offset;
        float tmp3 = tmp10 - tmp13 + offset;
        float tmp1 = tmp11 + tmp12 + offset;
        float tmp2 = tmp11 - tmp12 + offset;
        float z13 = i5 + i3;
        float z10 = i5 - i3;
        float z11 = i1 + i7;
        float z12 = i1 - i7;
        float tmp7 = z11 + z13;
        float tmp11o = (z11 - z13) * 1.414213562f;
        float z5 = (z10 + z12) * 1.847759065f;
        float tmp10o = 1.082392200f * z12 - z5;
        float tmp12o = -2.613125930f * z10 + z5;
        float tmp6 = tmp12o - tmp7;
        float tmp5 = tmp11o - tmp6;
        float tmp4 = tmp10o + tmp5;
        out[at] = tmp0 + tmp7;
        out[at + 7 * step] = tmp0 - tmp7;
        out[at + step] = tmp1 + tmp6;
        out[at + 6 * step] = tmp1 - tmp6;
        out[at + 2 * step] = tmp2 + tmp5;
        out[at + 5 * step] = tmp2 - tmp5;
        out[at + 4 * step] = tmp3 + tmp4;
        out[at + 3 * step] = tmp3 - tmp4;
    }
}
