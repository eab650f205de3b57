package io.sightline.trainer;

import io.sightline.concurrent.Threads;
import io.sightline.contract.ImageIds;
import io.sightline.contract.LabelledImage;
import io.sightline.image.DecodedPictures;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneCache;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.FeatureExtractor;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedder reads only its own bucket, and never more bytes than ingest accepts, whatever a record names. */
class EmbedderTest {

    @Test
    void picturesOutsideTheBucketOrOverIngestsLimitAreNeverEmbedded() {
        ObjectStore own = TestInfra.get().newStore();
        ObjectStore other = TestInfra.get().newStore();
        byte[] small = TestImages.png(Color.RED, 32, 32, 1);
        byte[] large = TestImages.png(Color.BLUE, 400, 300, 2);
        LabelledImage ok = stored(own, small, "ok.png");
        LabelledImage elsewhere = stored(other, TestImages.png(Color.GREEN, 32, 32, 3), "elsewhere.png");
        LabelledImage tooLarge = stored(own, large, "large.png");

        Backbone backbone = new BackboneResolver(BackboneCache.directory(TestInfra.tempDir("embedder-cache").toString()))
                .resolve(BackboneResolver.TINY);
        ImagePipeline pipeline = new ImagePipeline(new ImageLimits(small.length + 100L, 40_000_000L),
                backbone.preprocessing());
        ExecutorService pool = Executors.newFixedThreadPool(2, Threads.daemonFactory("embedder-test"));
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu().withIntraOpThreads(1))) {
            Embedder.Result result = oneLane(extractor, new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 4)).embed(List.of(ok, elsewhere, tooLarge));
            assertEquals(Set.of(ok.imageId()), result.vectors().keySet());
            assertTrue(result.failures().get(elsewhere.imageId()).contains("is not in this service's bucket"),
                    result.failures().toString());
            assertTrue(result.failures().get(tooLarge.imageId()).contains(String.valueOf(small.length + 100)),
                    "refused by size before it is read: " + result.failures());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A model input handed over in the process is embedded as the same picture fetched from S3 would be. */
    @Test
    void aPictureHandedOverIsEmbeddedWithoutFetchingItAndAsFromS3() {
        ObjectStore own = TestInfra.get().newStore();
        byte[] png = TestImages.png(Color.ORANGE, 96, 64, 4);
        LabelledImage fromS3 = stored(own, png, "orange.png");
        String key = ObjectKeys.image(fromS3.imageId());
        LabelledImage notStored = new LabelledImage(fromS3.imageId(), "label", own.ref("images/nowhere/" + key),
                "image/png", 96, 64, png.length, "orange.png", Instant.now());

        Backbone backbone = new BackboneResolver(BackboneCache.directory(TestInfra.tempDir("embedder-cache").toString()))
                .resolve(BackboneResolver.TINY);
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), backbone.preprocessing());
        DecodedPictures decoded = new DecodedPictures(4);
        decoded.want(backbone.preprocessing());
        assertTrue(decoded.offer(fromS3.imageId(), backbone.preprocessing(), pipeline.tensor(png, "orange.png")));
        ExecutorService pool = Executors.newFixedThreadPool(2, Threads.daemonFactory("embedder-test"));
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu().withIntraOpThreads(1))) {
            float[] fetched = oneLane(extractor, new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 2))
                    .embed(List.of(fromS3)).vectors().get(fromS3.imageId());
            Embedder.Result handed = oneLane(extractor, new PictureBatches(own, pipeline, pool,
                    extractor.preprocessing(), 2, decoded)).embed(List.of(notStored));
            assertTrue(handed.failures().isEmpty(), "nothing fetched: " + handed.failures());
            assertArrayEquals(fetched, handed.vectors().get(fromS3.imageId()));
            assertEquals(0, decoded.size(), "taken");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Two lanes on one session embed every picture as one lane does, the second lane on the lanes' executor. */
    @Test
    void twoLanesEmbedLikeOneWithTheSecondOnTheLanesExecutor() {
        ObjectStore own = TestInfra.get().newStore();
        List<LabelledImage> images = new java.util.ArrayList<>();
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.ORANGE, Color.PINK};
        for (int i = 0; i < colours.length; i++) {
            images.add(stored(own, TestImages.png(colours[i], 40, 30, 10 + i), "picture-" + i + ".png"));
        }
        Backbone backbone = new BackboneResolver(BackboneCache.directory(TestInfra.tempDir("embedder-cache").toString()))
                .resolve(BackboneResolver.TINY);
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), backbone.preprocessing());
        ExecutorService pool = Executors.newFixedThreadPool(2, Threads.daemonFactory("embedder-test"));
        ExecutorService lanes = Executors.newFixedThreadPool(1, Threads.daemonFactory("embedder-lane"));
        java.util.concurrent.atomic.AtomicInteger laneTasks = new java.util.concurrent.atomic.AtomicInteger();
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu().withIntraOpThreads(1))) {
            Embedder.Result one = oneLane(extractor, new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 2))
                    .embed(images);
            Embedder.Result two = new Embedder(extractor, List.of(
                    new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 2),
                    new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 2)), task -> {
                        laneTasks.incrementAndGet();
                        lanes.execute(task);
                    }).embed(images);

            assertEquals(5, one.vectors().size(), one.failures().toString());
            assertEquals(one.vectors().keySet(), two.vectors().keySet());
            one.vectors().forEach((imageId, vector) -> assertArrayEquals(vector, two.vectors().get(imageId), imageId));
            assertEquals(1, laneTasks.get(), "the second lane ran on the lanes' executor");
        } finally {
            pool.shutdownNow();
            lanes.shutdownNow();
        }
    }

    /** An executor that refuses the second lane (closing down) fails the call with its reason; nothing is half-done. */
    @Test
    void aLaneRefusedByItsExecutorFailsTheCall() {
        ObjectStore own = TestInfra.get().newStore();
        List<LabelledImage> images = List.of(stored(own, TestImages.png(Color.RED, 40, 30, 21), "a.png"),
                stored(own, TestImages.png(Color.BLUE, 40, 30, 22), "b.png"));
        Backbone backbone = new BackboneResolver(BackboneCache.directory(TestInfra.tempDir("embedder-cache").toString()))
                .resolve(BackboneResolver.TINY);
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), backbone.preprocessing());
        ExecutorService pool = Executors.newFixedThreadPool(2, Threads.daemonFactory("embedder-test"));
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu().withIntraOpThreads(1))) {
            Embedder refused = new Embedder(extractor, List.of(
                    new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 1),
                    new PictureBatches(own, pipeline, pool, extractor.preprocessing(), 1)), task -> {
                        throw new java.util.concurrent.RejectedExecutionException("closing down");
                    });
            java.util.concurrent.RejectedExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.RejectedExecutionException.class, () -> refused.embed(images));
            assertEquals("closing down", e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Lanes get consecutive shares of whole batches, as even as the batches allow, and none without a batch. */
    @Test
    void picturesAreSharedOutInWholeBatches() {
        List<LabelledImage> sixteen = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            sixteen.add(new LabelledImage(ImageIds.of(new byte[] {(byte) i}), "label",
                    new io.sightline.contract.ObjectRef("bucket", "k" + i), "image/png", 1, 1, 1, "p" + i + ".png",
                    Instant.now()));
        }
        assertEquals(List.of(8, 2), sizes(Embedder.shares(sixteen.subList(0, 10), 2, 4)));
        assertEquals(List.of(3), sizes(Embedder.shares(sixteen.subList(0, 3), 2, 4)));
        assertEquals(List.of(), sizes(Embedder.shares(List.of(), 2, 4)));
        assertEquals(List.of(8, 4, 4), sizes(Embedder.shares(sixteen, 3, 4)));
        assertEquals(List.of(1, 1), sizes(Embedder.shares(sixteen.subList(0, 2), 4, 1)));
        List<List<LabelledImage>> shares = Embedder.shares(sixteen.subList(0, 10), 2, 4);
        assertEquals(sixteen.subList(0, 10), shares.stream().flatMap(List::stream).toList(), "in order, each once");
    }

    private static List<Integer> sizes(List<List<LabelledImage>> shares) {
        return shares.stream().map(List::size).toList();
    }

    private static LabelledImage stored(ObjectStore store, byte[] png, String source) {
        String imageId = ImageIds.of(png);
        String key = ObjectKeys.image(imageId);
        store.put(key, png, "image/png");
        return new LabelledImage(imageId, "label", store.ref(key), "image/png", 32, 32, png.length, source,
                Instant.now());
    }

    /** One lane, on the calling thread. */
    private static Embedder oneLane(FeatureExtractor extractor, PictureBatches batches) {
        return new Embedder(extractor, List.of(batches), Runnable::run);
    }
}
