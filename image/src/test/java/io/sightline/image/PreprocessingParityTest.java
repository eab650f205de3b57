package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.image.parity.ParityFixtures;
import io.sightline.image.parity.ParityPicture;
import io.sightline.image.parity.ParityStats;
import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sightline's preprocessing against torchvision's, on the golden fixtures made by
 * image/src/test/fixtures/make-parity-fixtures.py (torchvision's Resize(256), CenterCrop(224),
 * ToTensor on Pillow). For each picture the test first proves that both sides start from the same
 * pixels: the scene rendered here equals the generator's (SHA-256), and ImageIO decodes the file
 * encoded here to the pixels Pillow decoded from its own file (SHA-256). Then the model input that
 * {@link ImagePipeline} makes from the file (the path serving and training take, fast path included)
 * must be within the parity targets of the normalised tensors: mean absolute difference <= 0.01,
 * 99th percentile <= 0.05 (docs/architecture.md, "Model input").
 */
class PreprocessingParityTest {
    static final double MAX_MAD = 0.01;
    static final double MAX_P99 = 0.05;

    static Stream<ParityPicture> pictures() {
        return ParityFixtures.pictures().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pictures")
    void sameTensorAsTorchvision(ParityPicture picture) {
        assertEquals(picture.sceneSha256(), ParityPicture.sha256(picture.scenePixels()), "the scene renders as in Python");
        assertEquals(picture.decodedSha256(), picture.decodedPixelsSha256(), "ImageIO decodes the pixels Pillow decodes");

        float[] actual = tensor(picture.encoded(), picture.name());
        ParityStats stats = ParityStats.of(actual, picture.reference());
        System.out.printf("parity %-14s %s%n", picture.name(), stats);
        assertTrue(stats.mad() <= MAX_MAD, picture + ": " + stats);
        assertTrue(stats.p99() <= MAX_P99, picture + ": " + stats);
    }

    static float[] tensor(byte[] bytes, String name) {
        Preprocessing p = Preprocessing.imagenet();
        TensorBatch batch = new TensorBatch(p, 1);
        new ImagePipeline(ImageLimits.defaults(), p).decodeInto(bytes, name, batch, 0);
        float[] out = new float[p.valuesPerImage()];
        batch.buffer().get(0, out);
        return out;
    }
}
