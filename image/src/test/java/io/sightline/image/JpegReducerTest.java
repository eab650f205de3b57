package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.ErrorCode;
import io.sightline.image.parity.ParityStats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JPEG fast path ({@link JpegReducer}) against the exact path (full decode, then
 * {@link Preprocessor}) on what the golden fixtures do not vary: every EXIF orientation, restart
 * markers, and the JPEGs it must leave to ImageIO (progressive, small, damaged). Its distance from
 * torchvision itself is {@link PreprocessingParityTest}'s job.
 */
class JpegReducerTest {
    private static final Preprocessing P = Preprocessing.imagenet();
    private static BufferedImage picture;
    private static byte[] baseline;

    @BeforeAll
    static void picture() {
        picture = FastPathTest.photoLike(2600, 2048);
        baseline = encode(picture, false, 0);
    }

    @Test
    void everyOrientationMatchesTheExactPath() {
        for (int orientation = 1; orientation <= 8; orientation++) {
            byte[] jpeg = Fixtures.withExifOrientation(baseline, orientation, orientation % 2 == 0);
            float[] fast = JpegReducer.tensor(jpeg, orientation, P);
            assertNotNull(fast, "the fast path takes a 2600 x 2048 baseline JPEG");
            ParityStats stats = ParityStats.of(fast, exact(jpeg));
            assertTrue(stats.mad() <= PreprocessingParityTest.MAX_MAD && stats.p99() <= PreprocessingParityTest.MAX_P99,
                    "orientation " + orientation + ": " + stats);
        }
    }

    @Test
    void restartMarkersGiveTheSameCoefficientsAndSoTheSameTensor() {
        byte[] restarts = encode(picture, false, 3);
        assertTrue(restarts.length > baseline.length, "RST markers take room");

        assertArrayEquals(JpegReducer.tensor(baseline, 1, P), JpegReducer.tensor(restarts, 1, P));
    }

    @Test
    void leavesProgressiveSmallAndDamagedJpegsToImageIo() {
        byte[] progressive = encode(picture, true, 0);
        assertNull(JpegReducer.tensor(progressive, 1, P), "progressive");
        assertNull(JpegReducer.tensor(Fixtures.jpeg(FastPathTest.photoLike(2000, 1500)), 1, P), "shrunk less than 8 times");
        byte[] truncated = Fixtures.truncated(baseline, 0.7);
        assertNull(JpegReducer.tensor(truncated, 1, P), "truncated");
        byte[] trailing = java.util.Arrays.copyOf(baseline, baseline.length + 3);
        System.arraycopy(baseline, baseline.length - 2, trailing, baseline.length + 1, 2);
        trailing[baseline.length - 2] = 0x12;
        trailing[baseline.length - 1] = 0x34;
        trailing[baseline.length] = 0x56;
        assertNull(JpegReducer.tensor(trailing, 1, P), "bytes between the last block and EOI");

        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), P);
        assertArrayEquals(exact(progressive), pipeline.tensor(progressive, "p.jpg"), "progressive takes the exact path");
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> pipeline.tensor(truncated, "t.jpg"));
        assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code());
    }

    @Test
    void damagedScanDataNeverThrows() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            byte[] damaged = baseline.clone();
            for (int i = 0; i < 1 + trial; i++) {
                damaged[600 + random.nextInt(damaged.length - 602)] = (byte) random.nextInt(256);
            }
            float[] out = JpegReducer.tensor(damaged, 1, P);
            assertTrue(out == null || out.length == P.valuesPerImage(), "a tensor or null, never an exception");
        }
    }

    @Test
    void thePipelineTakesTheFastPathForBigBaselineJpegs() {
        float[] fast = JpegReducer.tensor(baseline, 1, P);

        assertArrayEquals(fast, new ImagePipeline(ImageLimits.defaults(), P).tensor(baseline, "big.jpg"));
    }

    private static float[] exact(byte[] jpeg) {
        FloatBuffer out = FloatBuffer.allocate(P.valuesPerImage());
        new Preprocessor(P).write(new ImageDecoder().decode(jpeg, "x.jpg"), out, 0);
        return out.array();
    }

    /** A JPEG from the JDK's encoder (quality 0.75), progressive or with a restart interval (0: none). */
    static byte[] encode(BufferedImage image, boolean progressive, int restartInterval) {
        ImageWriter writer = jdkWriter();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            if (restartInterval > 0) {
                String format = "javax_imageio_jpeg_image_1.0";
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
                IIOMetadataNode dri = new IIOMetadataNode("dri");
                dri.setAttribute("interval", Integer.toString(restartInterval));
                markers.insertBefore(dri, markers.getFirstChild());
                metadata.setFromTree(format, root);
            }
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getClass().getName().startsWith("com.sun.")) {
                return writer;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }
}
