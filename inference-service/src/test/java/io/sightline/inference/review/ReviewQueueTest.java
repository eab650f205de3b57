package io.sightline.inference.review;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Prediction;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.inference.engine.ClassifyJob;
import io.sightline.inference.engine.Picture;
import io.sightline.inference.engine.Source;
import io.sightline.kafka.EventProducer;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review queue on a real S3 server (S3Proxy), its events recorded in place of Kafka: a picture put aside for
 * review is stored at its content address and announced once; one classified from that very address is not
 * stored again.
 */
class ReviewQueueTest {
    private final TestInfra infra = TestInfra.get();
    private final ObjectStore store = infra.newStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordedEvents events = new RecordedEvents();
    private final Topics topics = Topics.defaults();

    /** The events the queue sends, in the order sent (the service's producer is micronaut-kafka's client). */
    private static final class RecordedEvents implements EventProducer {
        private final List<ReviewItem> items = new CopyOnWriteArrayList<>();
        private volatile boolean brokerDown;
        private volatile CountDownLatch slowBroker = new CountDownLatch(0);
        private final CountDownLatch sending = new CountDownLatch(1);

        @Override
        public RecordMetadata send(String topic, String key, byte[] value) {
            if (brokerDown) {
                throw new IllegalStateException("the broker is down");
            }
            sending.countDown();
            try {
                slowBroker.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            items.add(Json.read(value, ReviewItem.class));
            return null;
        }

        @Override
        public CompletableFuture<RecordMetadata> sendAsync(String topic, String key, byte[] value) {
            throw new UnsupportedOperationException("the review queue sends one event at a time");
        }

        @Override
        public CompletableFuture<RecordMetadata> sendDeadLetter(String topic, String key, byte[] value, Headers headers) {
            throw new UnsupportedOperationException("the review queue writes no dead letters");
        }
    }

    private static ClassifyResult unknownAnswer(String requestId) {
        return unknownAnswer(requestId, 1);
    }

    private static ClassifyResult unknownAnswer(String requestId, int modelVersion) {
        return ClassifyResult.ok(requestId, modelVersion, List.of(new Prediction("red", 0.9)), 1, true, 5.0);
    }

    private double uploads() {
        return meters.counter("sightline.review.uploads").count();
    }

    private double count(String meter) {
        return meters.counter(meter).count();
    }

    /** A picture stored at its content address, as uploads are. */
    private record StoredPicture(byte[] bytes, ObjectRef ref) {
    }

    private StoredPicture stored(Color color, int seed) {
        byte[] png = TestImages.png(color, 32, 24, seed);
        String key = ObjectKeys.image(ImageIds.of(png));
        store.put(key, png, "image/png");
        return new StoredPicture(png, store.ref(key));
    }

    /** A review queue of these tests' store and events, every answer below 0.6 under review. */
    private ReviewQueue newQueue(int queueCapacity, int remembered) {
        return new ReviewQueue(new ReviewConfig(true, 0.6, queueCapacity, remembered), store, events, topics, meters,
                Clock.systemUTC());
    }

    private static ClassifyJob job(String requestId, ObjectRef stored) {
        return new ClassifyJob(requestId, Source.KAFKA, new Picture.Stored(stored), 1, System.nanoTime());
    }

    @Test
    void aPictureAnsweredAgainByTheSameVersionIsQueuedOnceAndAgainByTheNextVersion() {
        StoredPicture picture = stored(new Color(90, 60, 200), 3);
        try (ReviewQueue queue = newQueue(8, 100)) {
            queue.onClassified(job("r1", picture.ref()), picture.bytes(), unknownAnswer("r1", 1));
            queue.onClassified(job("r2", picture.ref()), picture.bytes(), unknownAnswer("r2", 1));
            queue.onClassified(job("r3", picture.ref()), picture.bytes(), unknownAnswer("r3", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("sightline.review.queued")
                    + count("sightline.review.repeats") == 3);
        }
        assertEquals(List.of(1, 2), events.items.stream().map(ReviewItem::modelVersion).toList(),
                "once for version 1, once for version 2");
        assertEquals(1.0, count("sightline.review.repeats"));
    }

    @Test
    void repeatsOfAStoredPictureTakeNoSlotOfTheQueue() throws Exception {
        StoredPicture first = stored(new Color(200, 200, 40), 6);
        StoredPicture other = stored(new Color(40, 200, 200), 7);
        events.slowBroker = new CountDownLatch(1);
        try (ReviewQueue queue = newQueue(1, 100)) {
            queue.onClassified(job("r1", first.ref()), first.bytes(), unknownAnswer("r1"));
            assertTrue(events.sending.await(30, java.util.concurrent.TimeUnit.SECONDS), "the worker sends r1's item");
            queue.onClassified(job("r2", first.ref()), first.bytes(), unknownAnswer("r2")); // a repeat: no slot
            queue.onClassified(job("r3", other.ref()), other.bytes(), unknownAnswer("r3")); // the queue's one slot
            queue.onClassified(job("r4", first.ref()), first.bytes(), unknownAnswer("r4")); // a repeat again
            assertEquals(2.0, count("sightline.review.repeats"));
            assertEquals(0.0, count("sightline.review.dropped"), "the new picture found the slot free");
            events.slowBroker.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.items.size() == 2);
        }
        assertEquals(List.of(ImageIds.of(first.bytes()), ImageIds.of(other.bytes())),
                events.items.stream().map(ReviewItem::imageId).toList());
    }

    @Test
    void aPictureWhoseItemCouldNotBeSentIsQueuedOnItsNextAnswer() {
        StoredPicture picture = stored(new Color(30, 160, 160), 4);
        try (ReviewQueue queue = newQueue(8, 100)) {
            events.brokerDown = true;
            queue.onClassified(job("r1", picture.ref()), picture.bytes(), unknownAnswer("r1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("sightline.review.dropped") == 1);
            events.brokerDown = false;
            queue.onClassified(job("r2", picture.ref()), picture.bytes(), unknownAnswer("r2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.items.size() == 1);
        }
        assertEquals(0.0, count("sightline.review.repeats"), "the failed one was not remembered");
    }

    @Test
    void everyAnswerIsQueuedWhenNothingIsRemembered() {
        StoredPicture picture = stored(new Color(160, 30, 160), 5);
        try (ReviewQueue queue = newQueue(8, 0)) {
            queue.onClassified(job("r1", picture.ref()), picture.bytes(), unknownAnswer("r1"));
            queue.onClassified(job("r2", picture.ref()), picture.bytes(), unknownAnswer("r2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.items.size() == 2);
        }
        assertEquals(0.0, count("sightline.review.repeats"));
    }

    @Test
    void aPictureClassifiedFromItsContentAddressIsAnnouncedWithoutBeingStoredAgain() {
        StoredPicture picture = stored(new Color(20, 200, 40), 1);
        try (ReviewQueue queue = newQueue(8, 100)) {
            queue.onClassified(job("r1", picture.ref()), picture.bytes(), unknownAnswer("r1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.items.size() == 1);
        }
        assertEquals(picture.ref(), events.items.get(0).object(), "the item points at the bytes already there");
        assertEquals(ImageIds.of(picture.bytes()), events.items.get(0).imageId());
        assertEquals(0.0, uploads(), "nothing stored again");
    }

    @Test
    void anInlinePictureIsStoredAtItsContentAddressThenAnnounced() {
        byte[] png = TestImages.png(new Color(200, 20, 40), 32, 24, 2);
        String imageId = ImageIds.of(png);
        String base64 = Base64.getEncoder().encodeToString(png);
        try (ReviewQueue queue = newQueue(8, 100)) {
            queue.onClassified(new ClassifyJob("r2", Source.KAFKA, new Picture.Inline(base64), 1, System.nanoTime()),
                    png, unknownAnswer("r2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.items.size() == 1);
        }
        assertEquals(1.0, uploads());
        assertTrue(store.exists(ObjectKeys.image(imageId)), "the bytes are at their content address");
        assertEquals(store.ref(ObjectKeys.image(imageId)), events.items.get(0).object());
    }
}
