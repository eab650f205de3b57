package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.onnx.FeatureExtractor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns pictures into embeddings: {@link PictureBatches} decodes the next batch while ONNX Runtime runs this one. */
public final class Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    private final FeatureExtractor extractor;
    private final PictureBatches batches;

    public Embedder(FeatureExtractor extractor, PictureBatches batches) {
        this.extractor = extractor;
        this.batches = batches;
    }

    /** Result of one call: vectors by imageId, and the pictures that could not be embedded, with why. */
    public record Result(Map<String, float[]> vectors, Map<String, String> failures) {
    }

    /** Embeds all {@code images}; one call at a time (the tensor buffers are reused). */
    public Result embed(List<LabelledImage> images) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        batches.forEach(images, batch -> {
            float[][] features = extractor.extract(batch.pixels(), batch.size());
            for (int i = 0; i < batch.size(); i++) {
                LabelledImage image = batch.images().get(i);
                String reason = batch.failures().get(i);
                if (reason == null) {
                    vectors.put(image.imageId(), features[i]);
                } else {
                    failures.put(image.imageId(), reason);
                    LOG.warn("Cannot embed {} ({}): {}", image.imageId(), image.source(), reason);
                }
            }
        });
        return new Result(vectors, failures);
    }
}
