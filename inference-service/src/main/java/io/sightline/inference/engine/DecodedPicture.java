package io.sightline.inference.engine;

import io.sightline.contract.ClassifyResult;
import io.sightline.image.Preprocessing;
import java.util.concurrent.CompletableFuture;

/**
 * A picture ready for the model: its input values (3 x crop x crop, 0..1, NCHW) made with
 * {@code preprocessing}, and the bytes, kept in case the model swapped to one with different
 * preprocessing meanwhile.
 */
record DecodedPicture(ClassifyJob job, byte[] bytes, Preprocessing preprocessing, float[] pixels,
                      CompletableFuture<ClassifyResult> result, PictureTimes times) {
}
