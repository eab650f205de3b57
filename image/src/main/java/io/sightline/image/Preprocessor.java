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

    private float[] compute(BufferedImage rgb) {
        int crop = preprocessing.crop();
        Geometry geometry = Geometry.of(rgb.getWidth(), rgb.getHeight(), preprocessing.resizeShorter(), crop);
        ResampleTaps columns = ResampleTaps.of(rgb.getWidth(), geometry.width, geometry.left, crop);
        ResampleTaps rows = ResampleTaps.of(rgb.getHeight(), geometry.height, geometry.top, crop);
        int[] horizontal = resampleRows(PixelRows.of(rgb), columns, rows.lowest(), rows.highest());
        return resampleColumns(horizontal, rows);
    }

    /** For each source row in [fromRow, toRow): the crop's columns as 8-bit values, laid out [row][channel][column]. */
    private int[] resampleRows(PixelRows pixels, ResampleTaps columns, int fromRow, int toRow) {
        int crop = preprocessing.crop();
        int x0 = columns.lowest();
        int span = columns.highest() - x0;
        int[] r = new int[span];
        int[] g = new int[span];
        int[] b = new int[span];
        int[] out = new int[(toRow - fromRow) * 3 * crop];
        for (int y = fromRow; y < toRow; y++) {
            pixels.read(y, x0, span, r, g, b);
            int base = (y - fromRow) * 3 * crop;
            for (int k = 0; k < crop; k++) {
                int from = columns.first[k] - x0;
                int w = k * columns.stride;
                int sr = ResampleTaps.HALF;
                int sg = ResampleTaps.HALF;
                int sb = ResampleTaps.HALF;
                for (int t = 0; t < columns.count[k]; t++) {
                    int weight = columns.weights[w + t];
                    sr += weight * r[from + t];
                    sg += weight * g[from + t];
                    sb += weight * b[from + t];
                }
                out[base + k] = ResampleTaps.clip8(sr);
                out[base + crop + k] = ResampleTaps.clip8(sg);
                out[base + 2 * crop + k] = ResampleTaps.clip8(sb);
            }
        }
        return out;
    }

    /** Vertical pass: NCHW values, 8-bit rounded, scaled to 0..1. */
    private float[] resampleColumns(int[] horizontal, ResampleTaps rows) {
        int crop = preprocessing.crop();
        int plane = crop * crop;
        int[] sums = new int[3 * plane];
        java.util.Arrays.fill(sums, ResampleTaps.HALF);
        int y0 = rows.lowest();
        for (int j = 0; j < crop; j++) {
            for (int t = 0; t < rows.count[j]; t++) {
                int weight = rows.weights[j * rows.stride + t];
                int source = (rows.first[j] + t - y0) * 3 * crop;
                for (int c = 0; c < 3; c++) {
                    int to = c * plane + j * crop;
                    int from = source + c * crop;
                    for (int k = 0; k < crop; k++) {
                        sums[to + k] += weight * horizontal[from + k];
                    }
                }
            }
        }
        float[] out = new float[3 * plane];
        for (int i = 0; i < out.length; i++) {
            out[i] = ResampleTaps.clip8(sums[i]) / 255f;
        }
        return out;
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
