package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * decodeAtLeast (reader subsampling) then preprocessing stays close to a full decode then
 * preprocessing on a 4000 x 3000 photo-like JPEG.
 *
 * <p>Why only close: source subsampling keeps the middle pixel of every f x f block (nearest-neighbour
 * decimation, here f = 11: 3000 / 256), so fine detail above the new Nyquist limit folds into lower frequencies
 * (aliasing) before the bilinear downscale; the full path instead averages all pixels under the
 * widened tent. On natural pictures most energy is at low frequencies, so the difference stays small;
 * the tolerance is a mean absolute difference of 0.02 on the 0..1 scale (about 5 grey levels), with
 * a looser bound (0.2; measured 0.13, mean 0.013) on the 99th percentile: thin lines (10 px wide here, less than one step of
 * 11) are hit or missed by the decimation, which is where the largest differences sit.
 */
class FastPathTest {
    @Test
    void fastPathMatchesFullDecodeOnAPhotoLikePicture() {
        byte[] jpeg = Fixtures.jpeg(photoLike(4000, 3000));
        Preprocessing p = Preprocessing.imagenet();
        ImageDecoder decoder = new ImageDecoder();
        Preprocessor preprocessor = new Preprocessor(p);

        BufferedImage fast = decoder.decodeAtLeast(jpeg, "big.jpg", p.resizeShorter());
        BufferedImage full = decoder.decode(jpeg, "big.jpg");
        assertEquals(4000, full.getWidth());
        assertEquals(364, fast.getWidth(), "ceil((4000 - 5) / 11)");
        assertEquals(273, fast.getHeight(), "ceil((3000 - 5) / 11)");

        float[] a = tensor(preprocessor, fast);
        float[] b = tensor(preprocessor, full);
        double sum = 0;
        float[] differences = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            differences[i] = Math.abs(a[i] - b[i]);
            sum += differences[i];
        }
        java.util.Arrays.sort(differences);
        double mean = sum / a.length;
        float p99 = differences[(int) (differences.length * 0.99)];
        System.out.printf("fast path vs full decode: mean |diff| %.4f, 99th percentile %.4f%n", mean, p99);
        assertTrue(mean < 0.02, "mean absolute difference " + mean);
        assertTrue(p99 < 0.2, "99th percentile " + p99);
    }

    private static float[] tensor(Preprocessor preprocessor, BufferedImage image) {
        FloatBuffer buffer = FloatBuffer.allocate(preprocessor.preprocessing().valuesPerImage());
        preprocessor.write(image, buffer, 0);
        return buffer.array();
    }

    /** Smooth gradients, soft shapes and lines, mild noise: roughly the spectrum of a photo. */
    static BufferedImage photoLike(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(70, 130, 200), 0, h, new Color(230, 200, 150)));
        g.fillRect(0, 0, w, h);
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 180));
            int size = w / 20 + random.nextInt(w / 5);
            g.fillOval(random.nextInt(w), random.nextInt(h), size, size * 2 / 3);
        }
        g.setStroke(new BasicStroke(w / 400f));
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.drawLine(random.nextInt(w), random.nextInt(h), random.nextInt(w), random.nextInt(h));
        }
        g.dispose();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int n = random.nextInt(9) - 4;
                int p = row[x];
                row[x] = clamp((p >> 16 & 0xff) + n) << 16 | clamp((p >> 8 & 0xff) + n) << 8 | clamp((p & 0xff) + n);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
