package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/**
 * Preprocessing checked against values computed independently: by hand for a few numbers, and by a
 * direct two-dimensional formula (no separable passes, no crop shortcut, no rounding) for whole
 * pictures. Exact agreement with torchvision itself is {@link PreprocessingParityTest}'s job.
 *
 * <p>Convention (Pillow's BILINEAR, which torchvision's Resize calls): half-pixel centres; when
 * shrinking, the tent is widened by the scale factor (antialiasing); taps outside the picture are
 * dropped and the weights renormalised; each of the two passes (horizontal first) rounds to 8 bits;
 * the crop starts at {@code round((resized - crop) / 2)}, halves to even.
 */
class PreprocessorTest {
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    private static final double EPSILON = 1e-5;

    /**
     * resizeShorter 4, crop 2: an 8 x 6 picture becomes 5 x 4 (floor(4 * 8 / 6) = 5), crop at (2, 1):
     * round(1.5) = 2 (Python rounds halves to even), round(1) = 1.
     */
    private static final Preprocessing SMALL = new Preprocessing(4, 2, MEAN, STD, "NCHW");

    @Test
    void handComputedValuesForAnEightBySixPicture() {
        // red = 30 x, green = 40 y, blue = 200.
        BufferedImage image = picture(8, 6, (x, y) -> rgb(30 * x, 40 * y, 200));
        float[] out = run(SMALL, image);

        // Crop column 0 is resized column 2: centre (2 + 0.5) * 8/5 = 4, tent half-width 1.6. Source
        // columns 2 to 5 (centres 2.5 to 5.5) weigh 0.0625, 0.6875, 0.6875, 0.0625 (sum 1.5): red =
        // 30 * (2 * 0.0625 + 3 * 0.6875 + 4 * 0.6875 + 5 * 0.0625) / 1.5 = 105.
        double red = 30 * (2 * 0.0625 + 3 * 0.6875 + 4 * 0.6875 + 5 * 0.0625) / 1.5;
        // Crop row 0 is resized row 1: centre 1.5 * 6/4 = 2.25, half-width 1.5; rows 1, 2, 3 weigh
        // 0.5, 0.8333, 0.1667 (sum 1.5). Green = 40 * (1*0.5 + 2*0.8333 + 3*0.1667) / 1.5 = 71.1, stored as 71.
        double green = 40 * (0.5 + 2 * (1 - 0.25 / 1.5) + 3 * (1 - 1.25 / 1.5)) / 1.5;
        assertEquals(105, red, 1e-9);
        assertEquals(71.111, green, 1e-3);
        assertEquals(105 / 255f, out[0], EPSILON);
        assertEquals(71 / 255f, out[4], EPSILON);
        assertEquals(200 / 255f, out[8], EPSILON);
    }

    @Test
    void withinOneLevelOfTheDirectFormulaOnArbitraryPictures() {
        int[][] sizes = {{8, 6}, {6, 8}, {37, 23}, {300, 200}, {3, 3}, {2, 5}};
        for (int[] size : sizes) {
            BufferedImage image = picture(size[0], size[1], (x, y) -> rgb((x * 37 + y * 11) % 256, (x * y * 7) % 256, (255 - 5 * y) & 0xff));
            for (Preprocessing p : new Preprocessing[] {SMALL, new Preprocessing(16, 12, MEAN, STD, "NCHW")}) {
                // Two roundings to 8 bits (after each pass) move a value by at most one level.
                assertArrayEquals(direct(image, p), run(p, image), 1.001f / 255, size[0] + "x" + size[1] + " -> " + p.resizeShorter());
            }
        }
    }

    @Test
    void enlargingIsTwoTapBilinearWithHalfPixelCentres() {
        // 2 x 2 -> 4 x 4 (crop 4): the known align_corners=false values 0, 63.75, 191.25, 255, stored as 8 bits.
        BufferedImage image = picture(2, 2, (x, y) -> rgb(255 * x, 0, 0));
        float[] out = run(new Preprocessing(4, 4, MEAN, STD, "NCHW"), image);

        float[] firstRow = {out[0], out[1], out[2], out[3]};
        assertArrayEquals(new float[] {0f, 64 / 255f, 191 / 255f, 1f}, firstRow, 1e-6f);
    }

    @Test
    void theSameForEveryPixelLayout() {
        BufferedImage intRgb = picture(50, 40, (x, y) -> rgb(x * 5, y * 6, (x + y) * 2));
        float[] expected = run(SMALL, intRgb);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_BGR}) {
            BufferedImage other = new BufferedImage(50, 40, type);
            other.getGraphics().drawImage(intRgb, 0, 0, null);
            assertArrayEquals(expected, run(SMALL, other), 1e-6f, "type " + type);
        }
        BufferedImage sub = picture(60, 50, (x, y) -> rgb((x - 5) * 5, (y - 7) * 6, (x - 5 + y - 7) * 2)).getSubimage(5, 7, 50, 40);
        assertArrayEquals(expected, run(SMALL, sub), 1e-6f, "a sub-image shares its parent's array");
    }

    @Test
    void uniformColourStaysThatColourInNchwOrder() {
        Preprocessing imagenet = Preprocessing.imagenet();
        BufferedImage image = picture(640, 480, (x, y) -> rgb(255, 51, 0));
        float[] out = run(imagenet, image);

        int plane = 224 * 224;
        assertEquals(3 * plane, out.length);
        for (int i = 0; i < plane; i += 97) {
            assertEquals(1f, out[i], 1e-6f);
            assertEquals(0.2f, out[plane + i], 1e-6f);
            assertEquals(0f, out[2 * plane + i], 1e-6f);
        }
    }

    @Test
    void writesOnlyItsOwnSlotOfTheBatch() {
        TensorBatch batch = new TensorBatch(SMALL, 3);
        FloatBuffer buffer = batch.buffer();
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, -1f);
        }
        new Preprocessor(SMALL).write(picture(8, 6, (x, y) -> rgb(255, 255, 255)), buffer, 1);

        for (int i = 0; i < buffer.capacity(); i++) {
            assertEquals(i >= 12 && i < 24 ? 1f : -1f, buffer.get(i), 1e-6f, "value " + i);
        }
        assertEquals(0, buffer.position());
        assertThrows(IndexOutOfBoundsException.class,
                () -> new Preprocessor(SMALL).write(picture(8, 6, (x, y) -> 0), buffer, 3));
    }

    @Test
    void tensorBatchShapeAndSlices() {
        TensorBatch batch = new TensorBatch(Preprocessing.imagenet(), 4);

        assertEquals(4, batch.capacity());
        assertTrue(batch.buffer().isDirect());
        assertEquals(java.nio.ByteOrder.nativeOrder(), batch.buffer().order());
        assertEquals(4 * 3 * 224 * 224, batch.buffer().capacity());
        assertArrayEquals(new long[] {2, 3, 224, 224}, batch.shape(2));
        batch.buffer().put(3 * 224 * 224 + 5, 0.5f);
        FloatBuffer two = batch.slice(2);
        assertEquals(0, two.position());
        assertEquals(2 * 3 * 224 * 224, two.limit());
        assertEquals(2 * 3 * 224 * 224, two.remaining());
        assertTrue(two.isDirect());
        assertEquals(0.5f, two.get(3 * 224 * 224 + 5));
        assertThrows(IllegalArgumentException.class, () -> batch.slice(5));
        assertThrows(IllegalArgumentException.class, () -> batch.shape(0));
    }

    private static float[] run(Preprocessing p, BufferedImage image) {
        FloatBuffer buffer = FloatBuffer.allocate(p.valuesPerImage());
        new Preprocessor(p).write(image, buffer, 0);
        return buffer.array();
    }

    /** Each output pixel as one weighted sum over the whole source picture (tent weights, renormalised). */
    static float[] direct(BufferedImage image, Preprocessing p) {
        int w = image.getWidth();
        int h = image.getHeight();
        int s = p.resizeShorter();
        int c = p.crop();
        int rw = w <= h ? s : (int) ((long) s * w / h);
        int rh = w <= h ? (int) ((long) s * h / w) : s;
        int left = (int) Math.rint((rw - c) / 2.0);
        int top = (int) Math.rint((rh - c) / 2.0);
        float[] out = new float[3 * c * c];
        for (int j = 0; j < c; j++) {
            for (int k = 0; k < c; k++) {
                double[] sum = new double[3];
                double total = 0;
                for (int y = 0; y < h; y++) {
                    double wy = tent(y, top + j, h, rh);
                    for (int x = 0; x < w; x++) {
                        double weight = wy * tent(x, left + k, w, rw);
                        int pixel = image.getRGB(x, y);
                        sum[0] += weight * (pixel >> 16 & 0xff);
                        sum[1] += weight * (pixel >> 8 & 0xff);
                        sum[2] += weight * (pixel & 0xff);
                        total += weight;
                    }
                }
                for (int ch = 0; ch < 3; ch++) {
                    out[ch * c * c + j * c + k] = (float) (sum[ch] / total / 255);
                }
            }
        }
        return out;
    }

    /** Weight of source index i for output index o of an in -> out resize. */
    private static double tent(int i, int o, int in, int out) {
        double scale = (double) in / out;
        double support = Math.max(1, scale);
        double distance = Math.abs(i + 0.5 - (o + 0.5) * scale) / support;
        return Math.max(0, 1 - distance);
    }

    interface Paint {
        int at(int x, int y);
    }

    static BufferedImage picture(int w, int h, Paint paint) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, paint.at(x, y));
            }
        }
        return image;
    }

    static int rgb(int r, int g, int b) {
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
