package io.sightline.image;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/**
 * Turns a decoded picture into one model input: shorter side resized to
 * {@link Preprocessing#resizeShorter()} (the longer side to {@code floor(resizeShorter * longer /
 * shorter)}), bilinear (see {@link ResampleTaps} for the convention), centre crop
 * {@link Preprocessing#crop()} square (offset {@code floor((resized - crop) / 2)}), RGB scaled to 0..1,
 * NCHW float32. Mean/std normalisation is not done here: the model graph does it as its first op.
 *
 * <p>Only the cropped part of the resize is computed, straight from the picture's data array:
 * a horizontal pass over the source rows the crop needs, then a vertical pass. Thread-safe.
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
        int values = preprocessing.valuesPerImage();
        if (imageIndex < 0 || (long) (imageIndex + 1) * values > target.limit()) {
            throw new IndexOutOfBoundsException("picture " + imageIndex + " does not fit a buffer of " + target.limit() + " values");
        }
        target.put(imageIndex * values, compute(RgbConverter.toRgb(image)));
    }

    private float[] compute(BufferedImage rgb) {
        int crop = preprocessing.crop();
        Geometry geometry = Geometry.of(rgb.getWidth(), rgb.getHeight(), preprocessing.resizeShorter(), crop);
        ResampleTaps columns = ResampleTaps.of(rgb.getWidth(), geometry.width, geometry.left, crop);
        ResampleTaps rows = ResampleTaps.of(rgb.getHeight(), geometry.height, geometry.top, crop);
        float[] horizontal = resampleRows(PixelRows.of(rgb), columns, rows.lowest(), rows.highest());
        return resampleColumns(horizontal, rows);
    }

    /** For each source row in [fromRow, toRow): the crop's columns, laid out [row][channel][column]. */
    private float[] resampleRows(PixelRows pixels, ResampleTaps columns, int fromRow, int toRow) {
        int crop = preprocessing.crop();
        int x0 = columns.lowest();
        int span = columns.highest() - x0;
        float[] r = new float[span];
        float[] g = new float[span];
        float[] b = new float[span];
        float[] out = new float[(toRow - fromRow) * 3 * crop];
        for (int y = fromRow; y < toRow; y++) {
            pixels.read(y, x0, span, r, g, b);
            int base = (y - fromRow) * 3 * crop;
            for (int k = 0; k < crop; k++) {
                int from = columns.first[k] - x0;
                int w = k * columns.stride;
                float sr = 0;
                float sg = 0;
                float sb = 0;
                for (int t = 0; t < columns.count[k]; t++) {
                    float weight = columns.weights[w + t];
                    sr += weight * r[from + t];
                    sg += weight * g[from + t];
                    sb += weight * b[from + t];
                }
                out[base + k] = sr;
                out[base + crop + k] = sg;
                out[base + 2 * crop + k] = sb;
            }
        }
        return out;
    }

    /** Vertical pass: NCHW values scaled to 0..1. */
    private float[] resampleColumns(float[] horizontal, ResampleTaps rows) {
        int crop = preprocessing.crop();
        int plane = crop * crop;
        float[] out = new float[3 * plane];
        int y0 = rows.lowest();
        for (int j = 0; j < crop; j++) {
            for (int t = 0; t < rows.count[j]; t++) {
                float weight = rows.weights[j * rows.stride + t] / 255f;
                int source = (rows.first[j] + t - y0) * 3 * crop;
                for (int c = 0; c < 3; c++) {
                    int to = c * plane + j * crop;
                    int from = source + c * crop;
                    for (int k = 0; k < crop; k++) {
                        out[to + k] += weight * horizontal[from + k];
                    }
                }
            }
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
            return new Geometry(resizedWidth, resizedHeight, (resizedWidth - crop) / 2, (resizedHeight - crop) / 2);
        }
    }
}
