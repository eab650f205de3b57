package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Stepping over a block ({@link JpegEntropy#skip}, two symbols at a time where it can) reads exactly
 * the bits that decoding it ({@link JpegEntropy#block}) reads: a scan read with blocks stepped over
 * at random keeps the same DC predictors block after block and ends where the data ends.
 */
class JpegEntropyTest {
    @Test
    void steppingOverABlockReadsTheSameBitsAsDecodingIt() {
        BufferedImage picture = FastPathTest.photoLike(800, 600);
        readWithBlocksSteppedOver(Fixtures.jpeg(picture));
        readWithBlocksSteppedOver(jpeg(picture, 1f)); // every table 1: long codes, blocks that end at position 63
    }

    private static void readWithBlocksSteppedOver(byte[] jpeg) {
        JpegHeader h = JpegHeader.parse(jpeg);
        assertNotNull(h, "a baseline JPEG from the JDK encoder");
        JpegEntropy decoding = new JpegEntropy(jpeg, h.scanStart);
        JpegEntropy mixed = new JpegEntropy(jpeg, h.scanStart);
        SplittableRandom random = new SplittableRandom(5);
        float[] decoded = new float[64];
        float[] kept = new float[64];
        int decodedRows = 0;
        int keptRows = 0;
        int[] expected = new int[3];
        int[] actual = new int[3];
        int mcus = ((h.width + 8 * h.hs[0] - 1) / (8 * h.hs[0])) * ((h.height + 8 * h.vs[0] - 1) / (8 * h.vs[0]));
        int skipped = 0;
        int block = 0;
        for (int mcu = 0; mcu < mcus; mcu++) {
            for (int c = 0; c < h.components; c++) {
                JpegHuffman dc = h.dc[h.dcTable[c]];
                JpegHuffman ac = h.ac[h.acTable[c]];
                float[] quant = h.quant[h.quantTable[c]];
                for (int i = 0; i < h.hs[c] * h.vs[c]; i++, block++) {
                    expected[c] = decoding.block(dc, ac, quant, expected[c], decoded, decodedRows);
                    decodedRows = decoding.rows;
                    if (random.nextBoolean()) {
                        actual[c] = mixed.skip(dc, ac, actual[c]);
                        skipped++;
                    } else {
                        actual[c] = mixed.block(dc, ac, quant, actual[c], kept, keptRows);
                        keptRows = mixed.rows;
                    }
                    assertEquals(expected[c], actual[c], "DC predictor after block " + block);
                }
            }
        }
        assertTrue(skipped > block / 3, "blocks stepped over: " + skipped + " of " + block);
        assertTrue(decoding.valid() && decoding.atEnd(), "decoding every block ends at the data's end");
        assertTrue(mixed.valid() && mixed.atEnd(), "stepping over blocks ends there too");
    }

    private static byte[] jpeg(BufferedImage picture, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(picture, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
