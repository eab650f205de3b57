package io.sightline.image;

/**
 * Sums of {@link JpegReducer}, in three channels: luma and the two chroma differences (Y - 128,
 * Cb - 128, Cr - 128). A block is first weighed across (its coefficient rows against the folded
 * weights of the outputs it feeds, {@link JpegAxis}) into a per-output row of 8 coefficient sums
 * of its block row; when the MCU row is done, those go down into the kept output rows. Corrections
 * for clamped pixels go straight into the outputs. {@link #tensor} divides by the weights' sums and
 * converts to RGB.
 */
final class JpegAccumulator {
    /** JFIF YCbCr to RGB (ITU T.871), as libjpeg converts: rows R, G, B; columns Y, Cb, Cr. */
    static final double[][] TO_RGB = {{1, 0, 1.402}, {1, -0.344136, -0.714136}, {1, 1.772, 0}};
    /** Its inverse: RGB to Y, Cb, Cr. */
    static final float[][] TO_YCC = invert(TO_RGB);

    private final JpegAxis x;
    private final JpegAxis y;
    private final int crop;
    private final int lumaRows;
    /** Per luma block row of the MCU row: crop x 8 sums; then one each for Cb and Cr. */
    private final float[][] across;
    private final double[][] out;

    JpegAccumulator(JpegAxis x, JpegAxis y, int crop, int lumaRows) {
        this.x = x;
        this.y = y;
        this.crop = crop;
        this.lumaRows = lumaRows;
        this.across = new float[lumaRows + 2][crop * 8];
        this.out = new double[3][crop * crop];
    }

    /**
     * Weighs block b (of a component sampled once per {@code ratio} pixels across; coefficients in
     * natural order, bit v of {@code rows} set where row v has one, bit u of {@code columns} where
     * column u has one) into row sums {@code row} (0 ..
     * lumaRows-1 for luma, lumaRows for Cb, lumaRows + 1 for Cr). Row by row, all 8 products at once:
     * independent sums are faster than adding coefficient by coefficient into the same few sums. Leaves
     * the block zero (clearing the rows as they are read is cheaper than a pass of its own).
     */
    void across(int row, int ratio, int b, float[] f, int rows, int columns) {
        int[] fed = x.outputs[ratio][b];
        float[] w = x.flat[ratio][b];
        float[] sums = across[row];
        if (columns < 1 << 4) { // only the four lowest horizontal frequencies: half the products
            for (int r = rows; r != 0; r &= r - 1) {
                int v = Integer.numberOfTrailingZeros(r);
                int at = v * 8;
                float f0 = f[at];
                float f1 = f[at + 1];
                float f2 = f[at + 2];
                float f3 = f[at + 3];
                f[at] = 0;
                f[at + 1] = 0;
                f[at + 2] = 0;
                f[at + 3] = 0;
                for (int j = 0; j < fed.length; j++) {
                    int k = 8 * j;
                    sums[fed[j] * 8 + v] += (f0 * w[k] + f1 * w[k + 1]) + (f2 * w[k + 2] + f3 * w[k + 3]);
                }
            }
            return;
        }
        for (int r = rows; r != 0; r &= r - 1) {
            int v = Integer.numberOfTrailingZeros(r);
            int at = v * 8;
            float f0 = f[at];
            float f1 = f[at + 1];
            float f2 = f[at + 2];
            float f3 = f[at + 3];
            float f4 = f[at + 4];
            float f5 = f[at + 5];
            float f6 = f[at + 6];
            float f7 = f[at + 7];
            java.util.Arrays.fill(f, at, at + 8, 0);
            for (int j = 0; j < fed.length; j++) {
                int k = 8 * j;
                sums[fed[j] * 8 + v] += (f0 * w[k] + f1 * w[k + 1]) + (f2 * w[k + 2] + f3 * w[k + 3])
                        + ((f4 * w[k + 4] + f5 * w[k + 5]) + (f6 * w[k + 6] + f7 * w[k + 7]));
            }
        }
    }

    /** Moves the row sums of the MCU row made of luma block rows {@code firstBlockRow ..} and chroma block row {@code chromaRow} down. */
    void flush(int firstBlockRow, int chromaRow, int chromaRatio, boolean chroma) {
        for (int r = 0; r < lumaRows; r++) {
            down(across[r], out[0], 1, firstBlockRow + r);
        }
        if (chroma) {
            down(across[lumaRows], out[1], chromaRatio, chromaRow);
            down(across[lumaRows + 1], out[2], chromaRatio, chromaRow);
        }
    }

    private void down(float[] sums, double[] plane, int ratio, int b) {
        if (b < y.outputs[ratio].length) {
            int[] fed = y.outputs[ratio][b];
            for (int j = 0; j < fed.length; j++) {
                float[] w = y.folded[ratio][b][j];
                int base = fed[j] * crop;
                for (int k = 0; k < crop; k++) {
                    int at = k * 8;
                    plane[base + k] += sums[at] * w[0] + sums[at + 1] * w[1] + sums[at + 2] * w[2] + sums[at + 3] * w[3]
                            + sums[at + 4] * w[4] + sums[at + 5] * w[5] + sums[at + 6] * w[6] + sums[at + 7] * w[7];
                }
            }
        }
        java.util.Arrays.fill(sums, 0);
    }

    /** Adds {@code luma}, {@code cb} and {@code cr} at pixel (px, py) of luma block (bx, by). */
    void correct(int bx, int by, int px, int py, float luma, float cb, float cr) {
        int[] fedX = x.outputs[1][bx];
        int[] fedY = y.outputs[1][by];
        float[][] wx = x.pixels[bx];
        float[][] wy = y.pixels[by];
        double[] l = out[0];
        double[] b = out[1];
        double[] r = out[2];
        for (int j = 0; j < fedY.length; j++) {
            float down = wy[j][py];
            int base = fedY[j] * crop;
            for (int i = 0; i < fedX.length; i++) {
                float w = down * wx[i][px];
                int at = base + fedX[i];
                l[at] += w * luma;
                b[at] += w * cb;
                r[at] += w * cr;
            }
        }
    }

    /**
     * The kept outputs as RGB 0..1 (NCHW, stored orientation), each rounded to 8 bits as Pillow
     * stores it; grey pictures have no chroma.
     */
    float[] tensor(boolean grey) {
        int plane = crop * crop;
        float[] rgb = new float[3 * plane];
        for (int row = 0; row < crop; row++) {
            for (int k = 0; k < crop; k++) {
                int i = row * crop + k;
                double norm = y.total[row] * x.total[k];
                double luma = out[0][i] / norm;
                double cb = grey ? 0 : out[1][i] / norm;
                double cr = grey ? 0 : out[2][i] / norm;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + TO_RGB[c][0] * luma + TO_RGB[c][1] * cb + TO_RGB[c][2] * cr;
                    double rounded = Math.floor(v + 0.5);
                    rgb[c * plane + i] = (float) (rounded < 0 ? 0 : rounded > 255 ? 255 : rounded) / 255f;
                }
            }
        }
        return rgb;
    }

    private static float[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        float[][] inverse = new float[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inverse[r][c] = (float) ((m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det);
            }
        }
        return inverse;
    }
}
