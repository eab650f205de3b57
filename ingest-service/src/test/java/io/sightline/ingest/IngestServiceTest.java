package io.sightline.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ImageIds;
import io.sightline.contract.LabelledImage;
import io.sightline.image.DecodedPictures;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestImages;
import java.awt.Color;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest rules without Kafka: a recording event sink, and a store that is down. */
class IngestServiceTest {
    private final List<Object> published = new ArrayList<>();
    private final ImageEvents recording = new ImageEvents() {
        @Override
        public LogPosition published(LabelledImage image) {
            published.add(image);
            return new LogPosition(0, published.size());
        }

        @Override
        public LogPosition removed(String imageId) {
            published.add("tombstone:" + imageId);
            return new LogPosition(0, published.size());
        }
    };

    @Test
    void anUnreachableStoreIsA503AndNothingIsPublished() {
        ObjectStore down = ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "bucket");
        IngestService service = service(down);
        IngestException error = assertThrows(IngestException.class,
                () -> service.ingest(TestImages.png(Color.RED, 32, 32, 1), "red", "red.png"));
        assertEquals(503, error.status());
        assertTrue(error.getMessage().contains("safe to retry"), error.getMessage());
        assertTrue(published.isEmpty());
    }

    @Test
    void badLabelsAreRefusedBeforeAnythingElse() {
        IngestService service = service(ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "x"));
        byte[] png = TestImages.png(Color.RED, 8, 8, 1);
        for (String bad : new String[] {"", "  ", "a/b", "tab\there", "x".repeat(65)}) {
            IngestException error = assertThrows(IngestException.class, () -> service.ingest(png, bad, "p.png"));
            assertEquals(400, error.status(), bad);
            assertTrue(error.getMessage().contains("1-64 characters"), error.getMessage());
        }
        assertTrue(published.isEmpty());
    }

    @Test
    void labelsAreTrimmedAndAnyScriptIsAllowed() {
        assertEquals("哆啦A梦", Labels.normalize("  哆啦A梦 "));
        assertEquals("x".repeat(64), Labels.normalize("x".repeat(64)));
        assertEquals("WALL·E", Labels.normalize("WALL·E"));
    }

    @Test
    void theImageIdIsTheSha256OfTheBytes() {
        byte[] bytes = TestImages.png(Color.BLUE, 4, 4, 3);
        assertTrue(ImageIds.of(bytes).matches("sha256:[0-9a-f]{64}"));
        assertFalse(ImageIds.of(bytes).equals(ImageIds.of(TestImages.png(Color.BLUE, 4, 4, 4))));
    }

    @Test
    void whileTheCatalogIsStillLoadingUploadsAndDeletesAre503AndNothingIsStoredOrPublished() {
        ObjectStore down = ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "bucket");
        IngestService service = service(down, false);
        IngestException upload = assertThrows(IngestException.class,
                () -> service.ingest(TestImages.png(Color.RED, 32, 32, 1), "red", "red.png"));
        assertEquals(503, upload.status());
        assertTrue(upload.getMessage().contains("still reading the dataset (images)"), upload.getMessage());
        IngestException delete = assertThrows(IngestException.class,
                () -> service.remove(ImageIds.of(new byte[] {1, 2, 3})));
        assertEquals(503, delete.status(), "not 404: the picture may exist");
        assertTrue(published.isEmpty());
    }

    /** One upload in flight with room for one: the next is 429 overloaded at once, and admitted once it ends. */
    @Test
    void uploadsBeyondTheLimitAreOverloadedUntilOneIsAnswered() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean(true);
        CatalogProgress holding = new CatalogProgress() {
            @Override
            public boolean awaitCaughtUp(Duration timeout) {
                return true;
            }

            @Override
            public boolean awaitLatest(Duration timeout) {
                if (holdNext.getAndSet(false)) {
                    entered.countDown();
                    await(release);
                }
                return true;
            }
        };
        ObjectStore down = ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "bucket");
        IngestService service = service(down, holding, new UploadAdmission(1));
        byte[] picture = TestImages.png(Color.RED, 32, 32, 1);
        CompletableFuture<IngestException> first = CompletableFuture.supplyAsync(() ->
                assertThrows(IngestException.class, () -> service.ingest(picture, "red", "first.png")));
        assertTrue(entered.await(30, TimeUnit.SECONDS), "the first upload is in progress");

        IngestException refused = assertThrows(IngestException.class, () -> service.ingest(picture, "red", "second.png"));
        assertEquals(ErrorCode.OVERLOADED, refused.code());
        assertEquals(429, refused.status());
        HttpResponse<?> answer = new IngestErrors().handle(null, refused);
        assertEquals("1", answer.getHeaders().get(HttpHeaders.RETRY_AFTER), "a retriable answer says when to retry");
        assertFalse(first.isDone());

        release.countDown();
        assertEquals(ErrorCode.UNAVAILABLE, first.get(30, TimeUnit.SECONDS).code(), "the first went on (to the store, which is down)");
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(IngestException.class,
                () -> service.ingest(picture, "red", "third.png")).code(), "room again once the first was answered");
        assertTrue(published.isEmpty());
    }

    /**
     * With a trainer in the same process wanting model inputs, a new picture is decoded at full size and its model
     * input handed over (exactly what the trainer would compute from its bytes); not a JPEG big enough for the
     * trainer to read it from its DCT coefficients.
     */
    @Test
    void theModelInputOfANewPictureDecodedAtFullSizeIsHandedToTheTrainer() {
        DecodedPictures decoded = new DecodedPictures(8);
        Preprocessing preprocessing = Preprocessing.imagenet();
        decoded.want(preprocessing);
        ObjectStore down = ObjectStore.connect("http://127.0.0.1:1", "a", "b", "us-east-1", "bucket");
        CatalogAccess catalog = new CatalogAccess(new ImageCatalog(), loaded(), Duration.ofMillis(1), "images");
        IngestService service = new IngestService(down, recording, catalog, new ImageLocks(), new ImageDecoder(),
                new IngestMetrics(new SimpleMeterRegistry()), new UploadAdmission(4), Clock.systemUTC(), decoded);
        byte[] small = TestImages.jpeg(Color.ORANGE, 800, 600, 5);
        byte[] big = TestImages.jpeg(Color.ORANGE, 2400, 2100, 6);

        assertThrows(IngestException.class, () -> service.ingest(small, "cat", "small.jpg"), "the store is down");
        assertThrows(IngestException.class, () -> service.ingest(big, "cat", "big.jpg"));

        FloatBuffer taken = FloatBuffer.allocate(preprocessing.valuesPerImage());
        assertTrue(decoded.takeInto(ImageIds.of(small), preprocessing, taken, 0));
        assertArrayEquals(new ImagePipeline(ImageLimits.defaults(), preprocessing).tensor(small, "small.jpg"), taken.array());
        assertFalse(decoded.takeInto(ImageIds.of(big), preprocessing, taken, 0), "read from its coefficients");
    }

    private static CatalogProgress loaded() {
        return new CatalogProgress() {
            @Override
            public boolean awaitCaughtUp(Duration timeout) {
                return true;
            }

            @Override
            public boolean awaitLatest(Duration timeout) {
                return true;
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private IngestService service(ObjectStore store) {
        return service(store, true);
    }

    private IngestService service(ObjectStore store, boolean loaded) {
        CatalogProgress progress = new CatalogProgress() {
            @Override
            public boolean awaitCaughtUp(Duration timeout) {
                return loaded;
            }

            @Override
            public boolean awaitLatest(Duration timeout) {
                return loaded;
            }
        };
        return service(store, progress, new UploadAdmission(16));
    }

    private IngestService service(ObjectStore store, CatalogProgress progress, UploadAdmission admission) {
        CatalogAccess catalog = new CatalogAccess(new ImageCatalog(), progress, Duration.ofMillis(1), "images");
        return new IngestService(store, recording, catalog, new ImageLocks(), new ImageDecoder(),
                new IngestMetrics(new SimpleMeterRegistry()), admission, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }
}
