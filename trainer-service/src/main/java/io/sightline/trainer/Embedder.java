package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.image.ImagePipeline;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.TensorBatch;
import io.sightline.onnx.FeatureExtractor;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectStore;
import io.sightline.storage.ObjectTooLargeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns pictures into embeddings: objects are fetched from S3 and decoded by a small pool while ONNX
 * Runtime runs the previous batch (two tensor buffers take turns), so decoding hides behind the model.
 */
public final class Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    private final FeatureExtractor extractor;
    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final ExecutorService decodePool;
    private final TensorBatch[] buffers;

    public Embedder(FeatureExtractor extractor, ObjectStore store, ImagePipeline pipeline,
                    ExecutorService decodePool, int batchSize) {
        this.extractor = extractor;
        this.store = store;
        this.pipeline = pipeline;
        this.decodePool = decodePool;
        this.buffers = new TensorBatch[] {
            new TensorBatch(extractor.preprocessing(), batchSize),
            new TensorBatch(extractor.preprocessing(), batchSize)};
    }

    /** Result of one call: vectors by imageId, and the pictures that could not be embedded, with why. */
    public record Result(Map<String, float[]> vectors, Map<String, String> failures) {
    }

    /** Embeds all {@code images}; one call at a time (the tensor buffers are reused). */
    public synchronized Result embed(List<LabelledImage> images) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int batchSize = buffers[0].capacity();
        List<List<LabelledImage>> chunks = new ArrayList<>();
        for (int i = 0; i < images.size(); i += batchSize) {
            chunks.add(images.subList(i, Math.min(images.size(), i + batchSize)));
        }
        Decoded current = null;
        Decoded next = chunks.isEmpty() ? null : decode(chunks.get(0), buffers[0]);
        try {
            for (int c = 0; c < chunks.size(); c++) {
                current = next;
                next = c + 1 < chunks.size() ? decode(chunks.get(c + 1), buffers[(c + 1) % 2]) : null;
                run(current, vectors, failures);
            }
        } catch (CompletionException e) {
            settle(current);
            settle(next);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return new Result(vectors, failures);
    }

    private Decoded decode(List<LabelledImage> chunk, TensorBatch batch) {
        List<CompletableFuture<String>> slots = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            LabelledImage image = chunk.get(i);
            int slot = i;
            slots.add(CompletableFuture.supplyAsync(() -> decodeOne(image, batch, slot), decodePool));
        }
        return new Decoded(chunk, batch, slots);
    }

    /**
     * Returns null on success, else why the picture can never be embedded (outside this service's bucket,
     * gone from S3, over ingest's size limit, or not a picture). Other failures (S3 unreachable) are
     * thrown: the caller retries the whole batch later. Only this service's bucket is read, and never
     * more bytes than ingest accepts, whatever a record on the images topic names.
     */
    private String decodeOne(LabelledImage image, TensorBatch batch, int slot) {
        if (!image.object().bucket().equals(store.bucket())) {
            return "s3://" + image.object().bucket() + "/" + image.object().key() + " is not in this service's bucket";
        }
        try {
            byte[] bytes = store.get(image.object().bucket(), image.object().key(),
                    pipeline.decoder().limits().maxBytes());
            pipeline.decodeInto(bytes, image.source(), batch, slot);
            return null;
        } catch (ObjectMissingException | ObjectTooLargeException | ImageRejectedException e) {
            return e.getMessage();
        }
    }

    private void run(Decoded decoded, Map<String, float[]> vectors, Map<String, String> failures) {
        List<String> reasons = decoded.slots().stream().map(CompletableFuture::join).toList();
        int n = decoded.images().size();
        float[][] features = extractor.extract(decoded.batch().slice(n), n);
        for (int i = 0; i < n; i++) {
            String imageId = decoded.images().get(i).imageId();
            if (reasons.get(i) == null) {
                vectors.put(imageId, features[i]);
            } else {
                failures.put(imageId, reasons.get(i));
                LOG.warn("Cannot embed {} ({}): {}", imageId, decoded.images().get(i).source(), reasons.get(i));
            }
        }
    }

    /** Waits for a chunk's decoders to finish (their buffer is reused), ignoring how they ended. */
    private static void settle(Decoded decoded) {
        if (decoded != null) {
            decoded.slots().forEach(slot -> slot.handle((reason, error) -> null).join());
        }
    }

    private record Decoded(List<LabelledImage> images, TensorBatch batch, List<CompletableFuture<String>> slots) {
    }
}
