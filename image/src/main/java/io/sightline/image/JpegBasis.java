package io.sightline.image;

/**
 * The 8-point DCT basis of JPEG (ITU T.81 A.3.3): sample x of frequency u is
 * {@code C(u) / 2 * cos((2x + 1) u pi / 16)}, C(0) = 1/sqrt(2), else 1, so that a block is
 * {@code f(x, y) = sum over u, v of F(v, u) * B[u][x] * B[v][y]} (orthonormal).
 */
final class JpegBasis {
    /** B[u][x]. */
    static final float[][] B = new float[8][8];
    /** Per natural index v * 8 + u: the largest |basis value| of that 2-D function. */
    static final float[] PEAK = new float[64];

    static {
        for (int u = 0; u < 8; u++) {
            for (int x = 0; x < 8; x++) {
                B[u][x] = (float) (scale(u) / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16));
            }
        }
        for (int i = 0; i < 64; i++) {
            PEAK[i] = (float) (scale(i >> 3) * scale(i & 7) / 4);
        }
    }

    private JpegBasis() {
    }

    private static double scale(int u) {
        return u == 0 ? Math.sqrt(0.5) : 1;
    }
}
