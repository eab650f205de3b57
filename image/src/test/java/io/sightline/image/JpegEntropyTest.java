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
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Decoding a block ({@link JpegEntropy#block}: lookups, the bit buffer topped up eight bytes at a
 * time) gives what the standard's bit-by-bit decoder gives. Stepping over a block
 * ({@link JpegEntropy#skip}, two symbols at a time where it can) reads exactly the bits that
 * decoding it reads: a scan read with blocks stepped over at random keeps the same DC predictors
 * block after block and ends where the data ends.
 */
class JpegEntropyTest {
    @Test
    void steppingOverABlockReadsTheSameBitsAsDecodingIt() {
        BufferedImage picture = FastPathTest.photoLike(800, 600);
        readWithBlocksSteppedOver(Fixtures.jpeg(picture));
        readWithBlocksSteppedOver(jpeg(picture, 1f, false)); // every table 1: long codes, blocks that end at position 63
    }

    /**
     * Every block as the standard's decoder (T.81 F.2.2, one bit at a time) decodes it, on tables
     * with many different code lengths: the JDK's default tables, every quantiser 1 (long codes, big
     * magnitudes, many stuffed 0xFF bytes) and optimised tables.
     */
    @Test
    void blocksDecodeAsTheStandardsBitByBitDecoderDoes() {
        BufferedImage picture = FastPathTest.photoLike(640, 480);
        decodesAsTheStandard(Fixtures.jpeg(picture));
        decodesAsTheStandard(jpeg(picture, 1f, false));
        decodesAsTheStandard(jpeg(picture, 0.9f, true));
    }

    private static void decodesAsTheStandard(byte[] jpeg) {
        JpegHeader h = JpegHeader.parse(jpeg);
        assertNotNull(h, "a baseline JPEG from the JDK encoder");
        int lengths = 0;
        for (int length = 1; length <= 16; length++) {
            lengths += h.ac[h.acTable[0]].maxCode[length] >= 0 ? 1 : 0;
        }
        assertTrue(lengths >= 8, "the luma AC codes have " + lengths + " different lengths");
        JpegEntropy entropy = new JpegEntropy(jpeg, h.scanStart);
        BitByBit reference = new BitByBit(jpeg, h.scanStart);
        float[] out = new float[64];
        int rows = 0;
        int[] predictors = new int[3];
        int[] expectedPredictors = new int[3];
        ScanBlock[] blocks = scanBlocks(h);
        for (int block = 0; block < blocks.length; block++) {
            ScanBlock b = blocks[block];
            int c = b.component();
            float[] expected = new float[64];
            expectedPredictors[c] = reference.block(b.dc(), b.ac(), b.quant(), expectedPredictors[c], expected);
            predictors[c] = entropy.block(b.dc(), b.ac(), b.quant(), predictors[c], out, rows);
            rows = entropy.rows;
            assertEquals(expectedPredictors[c], predictors[c], "DC predictor after block " + block);
            for (int k = 0; k < 64; k++) {
                assertEquals(expected[k], out[k], "block " + block + ", coefficient " + k);
                if (expected[k] != 0) {
                    assertTrue((rows >> (k >> 3) & 1) != 0 && (entropy.columns >> (k & 7) & 1) != 0,
                            "row and column of coefficient " + k + " of block " + block);
                }
            }
        }
        assertTrue(entropy.valid() && entropy.atEnd(), "the scan ends where the data ends");
    }

    /** T.81 F.2.2.3 (DECODE), F.2.2.1 (EXTEND) and F.2.2.2 (the AC loop) read one bit at a time; no restarts. */
    private static final class BitByBit {
        private final byte[] data;
        private int pos;
        private int current;
        private int left;

        BitByBit(byte[] data, int start) {
            this.data = data;
            this.pos = start;
        }

        int block(JpegHuffman dc, JpegHuffman ac, float[] quant, int predictor, float[] out) {
            int size = decode(dc);
            int value = predictor + extend(receive(size), size);
            out[0] = value * quant[0];
            for (int k = 1; k < 64; k++) {
                int rs = decode(ac);
                int run = rs >> 4;
                size = rs & 15;
                if (size == 0) {
                    if (run != 15) {
                        break;
                    }
                    k += 15;
                    continue;
                }
                k += run;
                out[JpegEntropy.NATURAL[k]] = extend(receive(size), size) * quant[k];
            }
            return value;
        }

        private int decode(JpegHuffman table) {
            int code = bit();
            int length = 1;
            while (code > table.maxCode[length]) {
                code = code << 1 | bit();
                length++;
                assertTrue(length <= 16, "a code of at most 16 bits");
            }
            return table.symbols[code + table.valueOffset[length]] & 0xff;
        }

        private int receive(int size) {
            int v = 0;
            for (int i = 0; i < size; i++) {
                v = v << 1 | bit();
            }
            return v;
        }

        private static int extend(int v, int size) {
            return size == 0 ? 0 : v < 1 << (size - 1) ? v - (1 << size) + 1 : v;
        }

        private int bit() {
            if (left == 0) {
                current = data[pos++] & 0xff;
                if (current == 0xff) {
                    assertEquals(0, data[pos++], "a stuffed 0xFF in the scan");
                }
                left = 8;
            }
            left--;
            return current >> left & 1;
        }
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
        int skipped = 0;
        ScanBlock[] blocks = scanBlocks(h);
        for (int block = 0; block < blocks.length; block++) {
            ScanBlock b = blocks[block];
            int c = b.component();
            expected[c] = decoding.block(b.dc(), b.ac(), b.quant(), expected[c], decoded, decodedRows);
            decodedRows = decoding.rows;
            if (random.nextBoolean()) {
                actual[c] = mixed.skip(b.dc(), b.ac(), actual[c]);
                skipped++;
            } else {
                actual[c] = mixed.block(b.dc(), b.ac(), b.quant(), actual[c], kept, keptRows);
                keptRows = mixed.rows;
            }
            assertEquals(expected[c], actual[c], "DC predictor after block " + block);
        }
        assertTrue(skipped > blocks.length / 3, "blocks stepped over: " + skipped + " of " + blocks.length);
        assertTrue(decoding.valid() && decoding.atEnd(), "decoding every block ends at the data's end");
        assertTrue(mixed.valid() && mixed.atEnd(), "stepping over blocks ends there too");
    }

    /** A block of the scan: its component and tables. */
    private record ScanBlock(int component, JpegHuffman dc, JpegHuffman ac, float[] quant) {
    }

    /** Every block of the scan, in scan order (MCU after MCU, no restarts). */
    private static ScanBlock[] scanBlocks(JpegHeader h) {
        int mcus = ((h.width + 8 * h.hs[0] - 1) / (8 * h.hs[0])) * ((h.height + 8 * h.vs[0] - 1) / (8 * h.vs[0]));
        java.util.List<ScanBlock> mcu = new java.util.ArrayList<>();
        for (int c = 0; c < h.components; c++) {
            for (int i = 0; i < h.hs[c] * h.vs[c]; i++) {
                mcu.add(new ScanBlock(c, h.dc[h.dcTable[c]], h.ac[h.acTable[c]], h.quant[h.quantTable[c]]));
            }
        }
        ScanBlock[] blocks = new ScanBlock[mcus * mcu.size()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = mcu.get(i % mcu.size());
        }
        return blocks;
    }

    private static byte[] jpeg(BufferedImage picture, float quality, boolean optimisedTables) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        JPEGImageWriteParam param = (JPEGImageWriteParam) writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        param.setOptimizeHuffmanTables(optimisedTables);
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
