package io.sightline.image;

import static io.sightline.image.Fixtures.blue;
import static io.sightline.image.Fixtures.bytes;
import static io.sightline.image.Fixtures.green;
import static io.sightline.image.Fixtures.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.ErrorCode;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fixture (64 x 48: red-to-blue gradient from left to right, a green 16 x 16 block top-left)
 * decodes to the right size and orientation in 8-bit sRGB, or is refused with the right code.
 */
class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-cmyk.jpg", "png-rgb8.png",
            "png-16bit.png", "png-palette.png", "bmp-24bit.bmp", "webp-lossless.webp", "webp-lossy.webp",
            "tiff-lzw.tif"})
    void decodesEveryFormatToUprightRgb(String name) {
        BufferedImage image = decoder.decode(bytes(name), name);

        assertPlainRgb(image);
        assertEquals(64, image.getWidth(), name);
        assertEquals(48, image.getHeight(), name);
        assertTrue(green(image, 6, 6) > 200 && red(image, 6, 6) < 80 && blue(image, 6, 6) < 80, name + " green block top-left");
        assertTrue(red(image, 1, 40) > 180 && blue(image, 1, 40) < 80, name + " red on the left");
        assertTrue(blue(image, 62, 40) > 180 && red(image, 62, 40) < 80, name + " blue on the right");
    }

    @Test
    void sixteenBitPngMatchesTheEightBitOne() {
        BufferedImage sixteen = decoder.decode(bytes("png-16bit.png"), "png-16bit.png");
        BufferedImage eight = decoder.decode(bytes("png-rgb8.png"), "png-rgb8.png");
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                assertTrue(Math.abs(red(sixteen, x, y) - red(eight, x, y)) <= 1);
                assertTrue(Math.abs(blue(sixteen, x, y) - blue(eight, x, y)) <= 1);
            }
        }
    }

    /**
     * A 48-bit PNG keeps each sample's high byte, as PIL's RGB;16B unpacker (what torchvision sees) does; Java2D's
     * rounding gave 1 for 0x00FF and 254 for 0xFF00 (checked against Pillow 9.4: 0, 255, 127, 128, 18, 171).
     */
    @Test
    void sixteenBitPngKeepsTheHighByteAsPilDoes() throws IOException {
        int[][] pixels = {{0x00FF, 0xFF00, 0x7FFF}, {0x80FF, 0x1234, 0xABCD}, {0xFFFF, 0x0000, 0x0101}};

        BufferedImage image = decoder.decode(sixteenBitPng(pixels, null), "sixteen.png");

        assertPlainRgb(image);
        for (int x = 0; x < pixels.length; x++) {
            assertEquals(pixels[x][0] >>> 8, red(image, x, 0), "red of pixel " + x);
            assertEquals(pixels[x][1] >>> 8, green(image, x, 0), "green of pixel " + x);
            assertEquals(pixels[x][2] >>> 8, blue(image, x, 0), "blue of pixel " + x);
        }
    }

    /** A 64-bit PNG: the high bytes, alpha composited onto white like any other picture with alpha. */
    @Test
    void sixteenBitPngWithAlphaIsCompositedOntoWhite() throws IOException {
        int[][] pixels = {{0xFF00, 0x00FF, 0x8000}, {0x1234, 0x5678, 0x9ABC}};
        int[] alpha = {0xFFFF, 0x00FF};

        BufferedImage image = decoder.decode(sixteenBitPng(pixels, alpha), "sixteen-alpha.png");

        assertPlainRgb(image);
        assertEquals(0xFF << 16 | 0x00 << 8 | 0x80, image.getRGB(0, 0) & 0xffffff, "opaque: the high bytes");
        assertEquals(0xFFFFFF, image.getRGB(1, 0) & 0xffffff, "alpha 0x00FF keeps 0 as its high byte: white");
    }

    /** One row of 16-bit sRGB pixels ({@code alpha} null: no alpha channel) as PNG bytes. */
    private static byte[] sixteenBitPng(int[][] pixels, int[] alpha) throws IOException {
        boolean hasAlpha = alpha != null;
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), hasAlpha, false,
                hasAlpha ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(pixels.length, 1);
        for (int x = 0; x < pixels.length; x++) {
            for (int band = 0; band < 3; band++) {
                raster.setSample(x, 0, band, pixels[x][band]);
            }
            if (hasAlpha) {
                raster.setSample(x, 0, 3, alpha[x]);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(new BufferedImage(model, raster, false, null), "png", png), "a PNG writer");
        return png.toByteArray();
    }

    @Test
    void greyPngKeepsItsGreyValues() throws IOException {
        byte[] png = bytes("png-grey.png");
        Raster stored = ImageIO.read(new ByteArrayInputStream(png)).getRaster();

        BufferedImage image = decoder.decode(png, "png-grey.png");

        assertPlainRgb(image);
        for (int y = 0; y < 48; y += 5) {
            for (int x = 0; x < 64; x += 5) {
                int grey = stored.getSample(x, y, 0);
                assertEquals(grey, red(image, x, y), "not brightened as if linear");
                assertEquals(grey, green(image, x, y));
                assertEquals(grey, blue(image, x, y));
            }
        }
    }

    @Test
    void transparentPixelsBecomeWhite() {
        BufferedImage image = decoder.decode(bytes("png-rgba.png"), "png-rgba.png");

        assertPlainRgb(image);
        assertEquals(0xff0000, image.getRGB(10, 10) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(50, 10) & 0xffffff);
    }

    @Test
    void gifGivesItsFirstFrame() {
        BufferedImage image = decoder.decode(bytes("gif-two-frames.gif"), "gif-two-frames.gif");

        assertPlainRgb(image);
        assertEquals(0xff0000, image.getRGB(32, 24) & 0xffffff);
    }

    @Test
    void exifOrientationSixTurnsThePictureClockwise() {
        byte[] jpeg = bytes("jpeg-exif-orientation-6.jpg");

        BufferedImage image = decoder.decode(jpeg, "rotated.jpg");
        ImageInfo info = new ImageProbe().probe(jpeg, "rotated.jpg");

        assertEquals(48, image.getWidth());
        assertEquals(64, image.getHeight());
        assertEquals(new ImageInfo(ImageFormat.JPEG, 48, 64), info);
        assertTrue(green(image, 41, 6) > 200, "green block now top-right");
        assertTrue(red(image, 24, 1) > 180, "red edge now on top");
    }

    /** Where the stored top-left green block and the stored red left edge end up, per orientation. */
    @ParameterizedTest
    @CsvSource({"1,TL,left", "2,TR,right", "3,BR,right", "4,BL,left", "5,TL,top", "6,TR,top", "7,BR,bottom", "8,BL,bottom"})
    void appliesAllEightOrientations(int orientation, String greenCorner, String redEdge) {
        for (boolean littleEndian : new boolean[] {true, false}) {
            byte[] jpeg = Fixtures.withExifOrientation(bytes("jpeg-baseline.jpg"), orientation, littleEndian);

            BufferedImage image = decoder.decode(jpeg, "o" + orientation + ".jpg");

            boolean swapped = orientation >= 5;
            assertEquals(swapped ? 48 : 64, image.getWidth());
            assertEquals(swapped ? 64 : 48, image.getHeight());
            int w = image.getWidth();
            int h = image.getHeight();
            int gx = greenCorner.charAt(1) == 'L' ? 6 : w - 7;
            int gy = greenCorner.charAt(0) == 'T' ? 6 : h - 7;
            assertTrue(green(image, gx, gy) > 200 && red(image, gx, gy) < 80, "green at " + greenCorner);
            int[] redPoint = switch (redEdge) {
                case "left" -> new int[] {1, h / 2};
                case "right" -> new int[] {w - 2, h / 2};
                case "top" -> new int[] {w / 2, 1};
                default -> new int[] {w / 2, h - 2};
            };
            assertTrue(red(image, redPoint[0], redPoint[1]) > 180 && blue(image, redPoint[0], redPoint[1]) < 80,
                    "red along the " + redEdge);
        }
    }

    @Test
    void truncatedJpegIsRefused() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> decoder.decode(bytes("jpeg-truncated.jpg"), "jpeg-truncated.jpg"));

        assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code());
        assertTrue(e.getMessage().startsWith("jpeg-truncated.jpg: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg-baseline.jpg", "jpeg-progressive.jpg", "jpeg-cmyk.jpg", "png-rgb8.png",
            "png-16bit.png", "png-palette.png", "png-grey.png", "png-rgba.png", "gif-two-frames.gif", "bmp-24bit.bmp",
            "webp-lossless.webp", "webp-lossy.webp", "tiff-lzw.tif"})
    void everyFormatCutShortIsRefused(String name) {
        // Only the first GIF frame is decoded: cut inside it (its two frames are about 100 bytes each).
        double[] fractions = name.endsWith(".gif") ? new double[] {0.3, 0.4, 0.5} : new double[] {0.5, 0.8, 0.95};
        for (double fraction : fractions) {
            byte[] cut = Fixtures.truncated(bytes(name), fraction);
            ImageRejectedException e = assertThrows(ImageRejectedException.class,
                    () -> decoder.decode(cut, name), name + " cut at " + fraction);
            assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code(), e.getMessage());
        }
    }

    @Test
    void gifCutInItsSecondFrameStillGivesTheWholeFirstFrame() {
        byte[] cut = Fixtures.truncated(bytes("gif-two-frames.gif"), 0.9);

        BufferedImage image = decoder.decode(cut, "cut.gif");

        assertEquals(0xff0000, image.getRGB(63, 47) & 0xffffff);
    }

    @Test
    void emptyFileIsUndecodable() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> decoder.decode(bytes("empty.jpg"), "empty.jpg"));

        assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code());
        assertEquals("empty.jpg: empty file (0 bytes)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"text-named.jpg,not an image (text)", "page.html,not an image (HTML)",
            "document.pdf,not an image (PDF)", ".DS_Store,not an image (unknown binary data)"})
    void nonImagesAreUnsupported(String name, String problem) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(bytes(name), name));

        assertEquals(ErrorCode.UNSUPPORTED_FORMAT, e.code());
        assertEquals(name + ": " + problem, e.getMessage());
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = bytes("png-bomb-100000x100000.png");
        // Decoding would need a 30 GB pixel buffer in a 2 GB test heap: the refusal comes from the header.
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(bomb, "holiday.png"));

        assertEquals(ErrorCode.IMAGE_TOO_LARGE, e.code());
        assertEquals("holiday.png: 100000 x 100000 pixels is over the 40 megapixel limit", e.getMessage());
    }

    @Test
    void fileOverTheByteLimitIsTooLarge() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(100, 40_000_000));

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> small.decode(bytes("jpeg-baseline.jpg"), "big.jpg"));

        assertEquals(ErrorCode.IMAGE_TOO_LARGE, e.code());
        assertTrue(e.getMessage().startsWith("big.jpg: ") && e.getMessage().contains("over the 100 byte limit"), e.getMessage());
    }

    @Test
    void pixelLimitIsConfigurable() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(1 << 20, 1000));

        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> small.decode(bytes("png-rgb8.png"), "p.png"));

        assertEquals("p.png: 64 x 48 pixels is over the 1000 pixel limit", e.getMessage());
    }

    @Test
    void decodeAtLeastSubsamplesOnlyWhileTheShorterSideStaysLargeEnough() {
        BufferedImage big = new BufferedImage(1000, 600, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = Fixtures.jpeg(big);

        assertEquals(new int[] {1000, 600}[1], decoder.decodeAtLeast(jpeg, "a.jpg", 400).getHeight(), "600 < 2 x 400: no subsampling");
        BufferedImage half = decoder.decodeAtLeast(jpeg, "b.jpg", 300);
        assertEquals(500, half.getWidth());
        assertEquals(300, half.getHeight());
        BufferedImage third = decoder.decodeAtLeast(jpeg, "c.jpg", 200);
        assertEquals(333, third.getWidth(), "ceil((1000 - 1) / 3): middle pixel of each 3 x 3 block");
        assertEquals(200, third.getHeight());
        BufferedImage coarse = decoder.decodeAtLeast(jpeg, "d.jpg", 256);
        assertTrue(Math.min(coarse.getWidth(), coarse.getHeight()) >= 256);
    }

    @Test
    void subsamplingFactorKeepsTheShorterSideAtLeastTheTarget() {
        for (int shorter = 1; shorter < 5000; shorter += 7) {
            int factor = ImageDecoder.subsampling(shorter, 256);
            assertTrue(factor >= 1);
            int kept = (shorter - factor / 2 + factor - 1) / factor;
            assertTrue(factor == 1 || kept >= 256, "shorter " + shorter);
            assertTrue(shorter / (factor + 1) < 256, "largest factor for " + shorter);
        }
    }

    static void assertPlainRgb(BufferedImage image) {
        assertTrue(image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR,
                "type " + image.getType());
        assertTrue(image.getColorModel().getColorSpace().isCS_sRGB());
    }
}
