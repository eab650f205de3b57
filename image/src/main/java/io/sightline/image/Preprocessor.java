package io.sightline.image;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * Turns a decoded picture into one model input exactly as torchvision's {@code Resize(resizeShorter)}
 * then {@code CenterCrop(crop)} then {@code ToTensor()} do on a PIL picture: shorter side resized to
 * {@link Preprocessing#resizeShorter()} (the longer side to {@code floor(resizeShorter * longer /
 * shorter)}), Pillow's antialiased bilinear resize in its fixed-point arithmetic (see {@link ResampleTaps}:
 * horizontal pass first, each pass rounded to 8 bits), centre crop at {@code round((resized - crop) / 2)}
 * (Python's round: half to even), RGB scaled to 0..1 ({@code value / 255}), NCHW float32. Mean/std
 * normalisation is not done here: the model graph does it as its first op.
 *
 * <p>Only the cropped part of the resize is computed, straight from the picture's data array; each
 * computed value is the one Pillow computes for that pixel of the whole resized picture. Thread-safe.
 */
public final class Preprocessor {
    private final Preprocessing preprocessing;

    public Preprocessor(Preprocessing preprocessing) {
        this.preprocessing = preprocessing;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * Writes the picture's {@code 3 x crop x crop} values at {@code imageIndex * valuesPerImage} of the
     * target (absolute: the buffer's position is not used or moved).
     */
    public void write(BufferedImage image, FloatBuffer target, int imageIndex) {
        checkSlot(preprocessing, target, imageIndex);
        target.put(imageIndex * preprocessing.valuesPerImage(), compute(RgbConverter.toRgb(image)));
    }

    static void checkSlot(Preprocessing preprocessing, FloatBuffer target, int imageIndex) {
        int values = preprocessing.valuesPerImage();
        if (imageIndex < 0 || (long) (imageIndex + 1) * values > target.limit()) {
            throw new IndexOutOfBoundsException("picture " + imageIndex + " does not fit a buffer of " + target.limit() + " values");
        }
    }

    /**
     * Both passes in one sweep down the picture: each source row is resampled horizontally (the crop's
     * columns, rounded to 8 bits) into a ring of the last rows, and each crop row is summed vertically as soon
     * as its last source row is in.
     */
    private float[] compute(BufferedImage rgb) {
        int crop = preprocessing.crop();
        Geometry geometry = Geometry.of(rgb.getWidth(), rgb.getHeight(), preprocessing.resizeShorter(), crop);
        ResampleTaps columns = ResampleTaps.of(rgb.getWidth(), geometry.width, geometry.left, crop).uniform(rgb.getWidth());
        ResampleTaps rows = ResampleTaps.of(rgb.getHeight(), geometry.height, geometry.top, crop);
        PixelRows pixels = PixelRows.of(rgb);
        int x0 = columns.lowest();
        long[] redBlue = new long[columns.highest() - x0];
        int[] green = new int[redBlue.length];
        int[][] ring = new int[rows.stride][3 * crop];
        int[] sums = new int[3 * crop];
        float[] out = new float[3 * crop * crop];
        int next = 0;
        for (int y = rows.lowest(); y < rows.highest(); y++) {
            pixels.read(y, x0, redBlue, green);
            resampleRow(redBlue, green, columns, x0, ring[y % ring.length]);
            for (; next < crop && rows.first[next] + rows.count[next] - 1 <= y; next++) {
                resampleColumn(ring, rows, next, sums, out);
            }
        }
        return out;
    }

    /**
     * Horizontal pass of one source row (its pixels from column {@code x0} on): the crop's columns as 8-bit
     * values, [channel][column]. Red and blue are summed together in one long, 32 bits each: the weights are
     * not negative and a sum stays below 2^31, so neither spills into the other.
     */
    private static void resampleRow(long[] redBlue, int[] green, ResampleTaps columns, int x0, int[] out) {
        int crop = columns.first.length;
        int taps = columns.stride;
        int[] weights = columns.weights;
        for (int k = 0; k < crop; k++) {
            int at = columns.first[k] - x0;
            int w = k * taps;
            long rb = HALF_BOTH;
            int g = ResampleTaps.HALF;
            for (int t = 0; t < taps; t++) {
                int weight = weights[w + t];
                rb += weight * redBlue[at + t];
                g += weight * green[at + t];
            }
            out[k] = ResampleTaps.clip8((int) (rb >>> 32));
            out[crop + k] = ResampleTaps.clip8(g);
            out[2 * crop + k] = ResampleTaps.clip8((int) rb);
        }
    }

    private static final long HALF_BOTH = (long) ResampleTaps.HALF << 32 | ResampleTaps.HALF;

    /** Vertical pass for crop row {@code j}, its source rows in the ring: NCHW values, 8-bit rounded, scaled to 0..1. */
    private static void resampleColumn(int[][] ring, ResampleTaps rows, int j, int[] sums, float[] out) {
        java.util.Arrays.fill(sums, ResampleTaps.HALF);
        for (int t = 0; t < rows.count[j]; t++) {
            int weight = rows.weights[j * rows.stride + t];
            int[] row = ring[(rows.first[j] + t) % ring.length];
            for (int m = 0; m < sums.length; m++) {
                sums[m] += weight * row[m];
            }
        }
        int crop = sums.length / 3;
        int plane = crop * crop;
        for (int c = 0; c < 3; c++) {
            int to = c * plane + j * crop;
            for (int k = 0; k < crop; k++) {
                out[to + k] = ResampleTaps.clip8(sums[c * crop + k]) / 255f;
            }
        }
    }

    /** Size of the resized picture and where the crop starts in it. */
    record Geometry(int width, int height, int left, int top) {
        static Geometry of(int width, int height, int shorterSide, int crop) {
            int resizedWidth;
            int resizedHeight;
            if (width <= height) {
                resizedWidth = shorterSide;
                resizedHeight = (int) ((long) shorterSide * height / width);
            } else {
                resizedHeight = shorterSide;
                resizedWidth = (int) ((long) shorterSide * width / height);
            }
            return new Geometry(resizedWidth, resizedHeight, offset(resizedWidth, crop), offset(resizedHeight, crop));
        }

        /** torchvision's {@code int(round((size - crop) / 2.0))}: Python rounds halves to even. */
        static int offset(int size, int crop) {
            return (int) Math.rint((size - crop) / 2.0);
        }
    }
}
