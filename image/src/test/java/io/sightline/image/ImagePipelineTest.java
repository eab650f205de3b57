package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sightline.contract.ErrorCode;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {
    @Test
    void decodesIntoTheBatchSlotAndRefusesBadInputWithoutTouchingIt() {
        Preprocessing p = Preprocessing.imagenet();
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), p);
        TensorBatch batch = new TensorBatch(p, 2);
        byte[] jpeg = Fixtures.bytes("jpeg-exif-orientation-6.jpg");

        pipeline.decodeInto(jpeg, "a.jpg", batch, 1);
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> pipeline.decodeInto(Fixtures.bytes("jpeg-truncated.jpg"), "b.jpg", batch, 0));

        assertEquals(ErrorCode.UNDECODABLE_IMAGE, e.code());
        FloatBuffer expected = FloatBuffer.allocate(p.valuesPerImage());
        new Preprocessor(p).write(new ImageDecoder().decode(jpeg, "a.jpg"), expected, 0);
        float[] second = new float[p.valuesPerImage()];
        batch.buffer().get(p.valuesPerImage(), second);
        assertArrayEquals(expected.array(), second);
        float[] first = new float[p.valuesPerImage()];
        batch.buffer().get(0, first);
        assertArrayEquals(new float[p.valuesPerImage()], first);
    }
}
