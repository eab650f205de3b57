package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast inverse DCT against its definition (ITU T.81 A.3.3), on sparse and dense random blocks,
 * some with only low horizontal frequencies (the columns it is told are empty are not transformed).
 */
class JpegIdctTest {
    @Test
    void fastInverseDctIsTheDefinition() {
        SplittableRandom random = new SplittableRandom(7);
        JpegIdct idct = new JpegIdct();
        for (int trial = 0; trial < 300; trial++) {
            float[] f = new float[64];
            int rows = 0;
            int columns = 0;
            int last = trial % 3 == 0 ? 1 : 64;
            int width = trial % 4 == 1 ? 1 + random.nextInt(7) : 8; // columns 0 .. width-1 only
            for (int i = 0; i < last; i++) {
                if (i == 0 || (i & 7) < width && random.nextInt(3) == 0) {
                    f[i] = random.nextInt(-600, 600);
                    rows |= 1 << (i >> 3);
                    columns |= 1 << (i & 7);
                }
            }
            float[] out = new float[64];
            java.util.Arrays.fill(out, Float.NaN);
            idct.inverse(f, rows, columns, out);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    double expected = 128;
                    for (int v = 0; v < 8; v++) {
                        for (int u = 0; u < 8; u++) {
                            double cu = u == 0 ? Math.sqrt(0.5) : 1;
                            double cv = v == 0 ? Math.sqrt(0.5) : 1;
                            expected += f[v * 8 + u] * cu * cv / 4 * Math.cos((2 * x + 1) * u * Math.PI / 16)
                                    * Math.cos((2 * y + 1) * v * Math.PI / 16);
                        }
                    }
                    assertEquals(expected, out[y * 8 + x], 1e-3, "trial " + trial + " at " + x + "," + y);
                }
            }
        }
    }
}
