package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import io.sightline.onnx.FeatureExtractor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns pictures into embeddings. Each {@link PictureBatches} is one lane: it decodes its next batch while ONNX
 * Runtime runs this one. With several lanes the pictures are shared out in whole batches and the lanes run at
 * once on one session (ONNX Runtime sessions take concurrent runs): the first on the calling thread, the others
 * on {@code lanesExecutor}. Single-threaded runs side by side lose less to a busy machine than one run split
 * over the cores (docs/performance.md, "The quickstart's embedding runs").
 */
public final class Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    private final FeatureExtractor extractor;
    private final List<PictureBatches> lanes;
    private final Executor lanesExecutor;

    /**
     * {@code lanesExecutor} runs every lane but the first, and must have a thread for each of them ({@code Runnable::run}
     * where there is one lane).
     */
    public Embedder(FeatureExtractor extractor, List<PictureBatches> lanes, Executor lanesExecutor) {
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("an embedder needs at least one lane");
        }
        this.extractor = extractor;
        this.lanes = List.copyOf(lanes);
        this.lanesExecutor = lanesExecutor;
    }

    /** Result of one call: vectors by imageId, and the pictures that could not be embedded, with why. */
    public record Result(Map<String, float[]> vectors, Map<String, String> failures) {
    }

    /** Embeds all {@code images}; one call at a time (each lane's tensor buffers are reused). */
    public Result embed(List<LabelledImage> images) {
        List<List<LabelledImage>> shares = shares(images, lanes.size(), lanes.get(0).batchSize());
        List<CompletableFuture<Result>> others = startOtherLanes(shares);
        Result first;
        try {
            first = embed(lanes.get(0), shares.isEmpty() ? List.of() : shares.get(0));
        } catch (RuntimeException | Error e) {
            settle(others).forEach(e::addSuppressed);
            throw e;
        }
        throwFirst(settle(others));
        Map<String, float[]> vectors = new LinkedHashMap<>(first.vectors());
        Map<String, String> failures = new LinkedHashMap<>(first.failures());
        for (CompletableFuture<Result> other : others) {
            Result result = other.join();
            vectors.putAll(result.vectors());
            failures.putAll(result.failures());
        }
        return new Result(vectors, failures);
    }

    /** Lanes 1.. on their executor, each with its share. */
    private List<CompletableFuture<Result>> startOtherLanes(List<List<LabelledImage>> shares) {
        List<CompletableFuture<Result>> started = new ArrayList<>();
        try {
            for (int lane = 1; lane < shares.size(); lane++) {
                int at = lane;
                started.add(CompletableFuture.supplyAsync(() -> embed(lanes.get(at), shares.get(at)), lanesExecutor));
            }
        } catch (RuntimeException e) { // the executor refused a lane (closing down): wait for those it took
            settle(started).forEach(e::addSuppressed);
            throw e;
        }
        return started;
    }

    /** Throws the first lane's failure, the others suppressed in it; nothing when every lane succeeded. */
    private static void throwFirst(List<Throwable> failed) {
        if (failed.isEmpty()) {
            return;
        }
        Throwable cause = failed.get(0);
        failed.subList(1, failed.size()).forEach(cause::addSuppressed);
        if (cause instanceof Error error) {
            throw error;
        }
        throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    /**
     * Waits for every lane to end (their buffers and the session are not to be touched while one runs) and gives
     * the failures, in lane order.
     */
    private static List<Throwable> settle(List<CompletableFuture<Result>> lanes) {
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Result> lane : lanes) {
            Throwable error = lane.handle((result, failure) -> failure).join();
            if (error != null) {
                failures.add(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        }
        return failures;
    }

    /**
     * {@code images} in at most {@code lanes} consecutive shares of whole batches (the last batch may be short),
     * as even as whole batches allow; fewer shares when there are fewer batches.
     */
    static List<List<LabelledImage>> shares(List<LabelledImage> images, int lanes, int batchSize) {
        int batches = (images.size() + batchSize - 1) / batchSize;
        int used = Math.min(lanes, batches);
        List<List<LabelledImage>> shares = new ArrayList<>(used);
        for (int lane = 0, from = 0; lane < used; lane++) {
            int batchesHere = batches / used + (lane < batches % used ? 1 : 0);
            int to = Math.min(images.size(), from + batchesHere * batchSize);
            shares.add(images.subList(from, to));
            from = to;
        }
        return shares;
    }

    private Result embed(PictureBatches batches, List<LabelledImage> images) {
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
