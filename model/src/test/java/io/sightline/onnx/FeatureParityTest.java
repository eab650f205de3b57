package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.TensorBatch;
import io.sightline.image.parity.ParityFixtures;
import io.sightline.image.parity.ParityPicture;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the backbone makes of Sightline's preprocessing against what it makes of torchvision's, on
 * every picture of the golden parity fixtures (io.sightline.image.parity, made by
 * image/src/test/fixtures/make-parity-fixtures.py). The fixtures store torchvision's whole tensor
 * exactly, so the reference features are the same network run here on that tensor: the generated
 * ResNet-50 (the exact ResNet-50 v1 architecture, seeded weights, cached in the user's cache
 * directory). Target: relative L2 distance of the 2048 features <= 2% for every picture.
 */
class FeatureParityTest {
    static final double MAX_RELATIVE_L2 = 0.02;

    private static FeatureExtractor extractor;

    @BeforeAll
    static void openBackbone() {
        Backbone backbone = new BackboneResolver(BackboneCache.directory()).resolve(BackboneResolver.GENERATED);
        extractor = FeatureExtractor.open(backbone, SessionConfig.cpu());
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void featuresOfEveryFixtureAreTorchvisionsWithinTwoPercent() {
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), extractor.preprocessing());
        TensorBatch batch = new TensorBatch(extractor.preprocessing(), 2);
        double worst = 0;
        for (ParityPicture picture : ParityFixtures.pictures()) {
            pipeline.decodeInto(picture.encoded(), picture.name(), batch, 0);
            batch.buffer().put(extractor.preprocessing().valuesPerImage(), picture.reference());
            float[][] features = extractor.extract(batch.slice(2), 2);
            assertEquals(2048, features[0].length);

            double distance = relativeL2(features[0], features[1]);
            System.out.printf(Locale.ROOT, "features %-14s relative L2 %.5f%n", picture.name(), distance);
            assertTrue(distance <= MAX_RELATIVE_L2, picture + ": relative L2 " + distance);
            worst = Math.max(worst, distance);
        }
        System.out.printf(Locale.ROOT, "features worst relative L2 %.5f%n", worst);
    }

    @Test
    void theMeasureSeesADifferentPicture() {
        ParityPicture a = ParityFixtures.picture("photo-640");
        ParityPicture b = ParityFixtures.picture("exif6-1200");
        TensorBatch batch = new TensorBatch(extractor.preprocessing(), 2);
        batch.buffer().put(0, a.reference());
        batch.buffer().put(extractor.preprocessing().valuesPerImage(), b.reference());
        float[][] features = extractor.extract(batch.slice(2), 2);

        // The generated network's features share a large common part, so different pictures are
        // "only" ~18% apart; still far beyond the 2% target, which is what this test checks.
        assertTrue(relativeL2(features[0], features[1]) > 5 * MAX_RELATIVE_L2,
                "two different photos are far apart: " + relativeL2(features[0], features[1]));
    }

    /** |a - b| / |b|. */
    static double relativeL2(float[] a, float[] b) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            difference += (double) (a[i] - b[i]) * (a[i] - b[i]);
            norm += (double) b[i] * b[i];
        }
        return Math.sqrt(difference / norm);
    }
}
