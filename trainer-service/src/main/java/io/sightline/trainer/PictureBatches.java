package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.image.DecodedPictures;
import io.sightline.image.ImagePipeline;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectTooLargeException;
import io.sightline.storage.ObjectStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Pictures from S3 as model input, batch by batch: objects are fetched and decoded by a small pool while
 * the caller runs the model on the previous batch (two tensor buffers take turns), so decoding hides
 * behind the model. Used for embedding, int8 calibration and the int8 evaluation.
 */
public final class PictureBatches {
    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final ExecutorService decodePool;
    private final TensorBatch[] buffers;
    private final DecodedPictures decoded;

    public PictureBatches(ObjectStore store, ImagePipeline pipeline, ExecutorService decodePool, Preprocessing preprocessing,
                          int batchSize) {
        this(store, pipeline, decodePool, preprocessing, batchSize, null);
    }

    /**
     * {@code decoded}: model inputs another service of this process already made (the all-in-one's ingest
     * service), taken instead of fetching and decoding; null where there are none.
     */
    public PictureBatches(ObjectStore store, ImagePipeline pipeline, ExecutorService decodePool, Preprocessing preprocessing,
                          int batchSize, DecodedPictures decoded) {
        this.store = store;
        this.pipeline = pipeline;
        this.decodePool = decodePool;
        this.buffers = new TensorBatch[] {new TensorBatch(preprocessing, batchSize), new TensorBatch(preprocessing, batchSize)};
        this.decoded = decoded;
    }

    /**
     * One batch: {@code images.size()} pictures laid out one after the other in {@code pixels};
     * {@code failures.get(i)} is null when picture i decoded, else why it can never be used (gone from S3,
     * not a picture) and its slot holds nothing meaningful.
     */
    public record Batch(List<LabelledImage> images, FloatBuffer pixels, List<String> failures, int valuesPerPicture) {
        public int size() {
            return images.size();
        }

        /** Picture i alone. */
        public FloatBuffer picture(int i) {
            return pixels.slice(i * valuesPerPicture, valuesPerPicture);
        }
    }

    public int batchSize() {
        return buffers[0].capacity();
    }

    /**
     * Hands every batch of {@code images} to {@code each}, in order; one call at a time (the buffers are
     * reused). Failures other than a missing object or a bad picture (S3 unreachable) are thrown.
     */
    public synchronized void forEach(List<LabelledImage> images, Consumer<Batch> each) {
        int batchSize = batchSize();
        List<List<LabelledImage>> chunks = new ArrayList<>();
        for (int i = 0; i < images.size(); i += batchSize) {
            chunks.add(images.subList(i, Math.min(images.size(), i + batchSize)));
        }
        Decoding current = null;
        Decoding next = chunks.isEmpty() ? null : decode(chunks.get(0), buffers[0]);
        try {
            for (int c = 0; c < chunks.size(); c++) {
                current = next;
                next = c + 1 < chunks.size() ? decode(chunks.get(c + 1), buffers[(c + 1) % 2]) : null;
                List<String> failures = current.slots().stream().map(CompletableFuture::join).toList();
                each.accept(new Batch(current.images(), current.batch().slice(current.images().size()), failures,
                        current.batch().preprocessing().valuesPerImage()));
            }
        } catch (CompletionException e) {
            settle(current);
            settle(next);
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (RuntimeException e) {
            settle(current);
            settle(next);
            throw e;
        }
    }

    private Decoding decode(List<LabelledImage> chunk, TensorBatch batch) {
        List<CompletableFuture<String>> slots = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            LabelledImage image = chunk.get(i);
            int slot = i;
            slots.add(CompletableFuture.supplyAsync(() -> decodeOne(image, batch, slot), decodePool));
        }
        return new Decoding(chunk, batch, slots);
    }

    /**
     * Null on success, else why the picture can never be used (outside this service's bucket, gone from S3,
     * over ingest's size limit, or not a picture). Other failures (S3 unreachable) are thrown: the caller
     * retries the whole batch later. Only this service's bucket is read, and never more bytes than ingest
     * accepts, whatever a record on the images topic names.
     */
    private String decodeOne(LabelledImage image, TensorBatch batch, int slot) {
        if (!image.object().bucket().equals(store.bucket())) {
            return "s3://" + image.object().bucket() + "/" + image.object().key() + " is not in this service's bucket";
        }
        if (decoded != null && decoded.takeInto(image.imageId(), batch.preprocessing(), batch.buffer(), slot)) {
            return null;
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

    /** Waits for a chunk's decoders to finish (their buffer is reused), ignoring how they ended. */
    private static void settle(Decoding decoding) {
        if (decoding != null) {
            decoding.slots().forEach(slot -> slot.handle((reason, error) -> null).join());
        }
    }

    private record Decoding(List<LabelledImage> images, TensorBatch batch, List<CompletableFuture<String>> slots) {
    }
}
