package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class DecodedPicturesTest {
    private static final Preprocessing IMAGENET = Preprocessing.imagenet();
    private static final Preprocessing SMALL = new Preprocessing(64, 56, new float[] {0, 0, 0}, new float[] {1, 1, 1}, "NCHW");

    @Test
    void aPictureTakenIsExactlyTheInputOfferedAndIsThenGone() {
        DecodedPictures decoded = new DecodedPictures(4);
        decoded.want(IMAGENET);
        float[] input = new ImagePipeline(ImageLimits.defaults(), IMAGENET)
                .tensor(Fixtures.bytes("jpeg-exif-orientation-6.jpg"), "a.jpg");

        assertTrue(decoded.offer("a", IMAGENET, input));
        FloatBuffer batch = FloatBuffer.allocate(2 * IMAGENET.valuesPerImage());
        assertTrue(decoded.takeInto("a", Preprocessing.imagenet(), batch, 1), "an equal preprocessing finds it");

        float[] second = new float[IMAGENET.valuesPerImage()];
        batch.get(IMAGENET.valuesPerImage(), second);
        assertArrayEquals(input, second, "bit for bit");
        assertFalse(decoded.takeInto("a", IMAGENET, batch, 0), "taken once");
        assertEquals(0, decoded.size());
    }

    @Test
    void nothingIsHeldForAPreprocessingNobodyWantsOrForValuesThatAreNotLevels() {
        DecodedPictures decoded = new DecodedPictures(4);
        assertFalse(decoded.offer("a", SMALL, new float[SMALL.valuesPerImage()]), "nobody wants anything yet");
        decoded.want(SMALL);
        assertFalse(decoded.offer("b", IMAGENET, new float[IMAGENET.valuesPerImage()]), "another preprocessing");
        float[] notLevels = new float[SMALL.valuesPerImage()];
        notLevels[7] = 0.3f;
        assertFalse(decoded.offer("c", SMALL, notLevels), "0.3 is no k/255");
        assertEquals(0, decoded.size());
        assertFalse(decoded.takeInto("b", IMAGENET, FloatBuffer.allocate(IMAGENET.valuesPerImage()), 0));
        assertThrows(IllegalArgumentException.class, () -> decoded.offer("d", SMALL, new float[3]));
    }

    @Test
    void theOldestPictureGoesWhenTheCapacityIsReached() {
        DecodedPictures decoded = new DecodedPictures(2);
        decoded.want(SMALL);
        for (String id : new String[] {"a", "b", "c"}) {
            assertTrue(decoded.offer(id, SMALL, new float[SMALL.valuesPerImage()]));
        }
        FloatBuffer target = FloatBuffer.allocate(SMALL.valuesPerImage());
        assertEquals(2, decoded.size());
        assertFalse(decoded.takeInto("a", SMALL, target, 0));
        assertTrue(decoded.takeInto("b", SMALL, target, 0));
        assertTrue(decoded.takeInto("c", SMALL, target, 0));
        assertThrows(IllegalArgumentException.class, () -> new DecodedPictures(0));
    }
}
