package io.sightline.inference.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.concurrent.Threads;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.image.ImageFormat;
import io.sightline.inference.engine.ClassifyJob;
import io.sightline.inference.engine.EngineListener;
import io.sightline.inference.engine.Picture;
import io.sightline.kafka.EventProducer;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the pictures that need review ({@link ReviewPolicy}) on {@code sightline.review}: the bytes first, at
 * {@code images/sha256/<hex>} like uploads, then the {@link ReviewItem} keyed by imageId. On one background thread
 * with a bounded queue, so classification never waits for S3 or Kafka; a full queue or a failure drops the
 * picture from review (counted, logged), never a result. A picture queued lately by the same model version is not
 * queued again ({@link RecentReviews}).
 */
public final class ReviewQueue implements EngineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);
    /** Name prefix of the queue's thread (the bench counts its CPU by it). */
    public static final String THREADS = "inference-review";

    private final boolean enabled;
    private final ReviewPolicy policy;
    private final ObjectStore store;
    private final EventProducer producer;
    private final String topic;
    private final Clock clock;
    private final ExecutorService worker;
    private final RecentReviews recent;
    private final Counter queued;
    private final Counter repeated;
    private final Counter dropped;
    private final Counter uploaded;

    public ReviewQueue(ReviewConfig config, ObjectStore store, EventProducer producer, Topics topics,
                       MeterRegistry meters, Clock clock) {
        this.enabled = config.enabled();
        this.policy = new ReviewPolicy(config.confidence());
        this.store = store;
        this.producer = producer;
        this.topic = topics.review();
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), Threads.daemonFactory(THREADS));
        this.recent = new RecentReviews(config.remembered());
        this.queued = Counter.builder("sightline.review.queued").description("Pictures put on the review queue")
                .register(meters);
        this.repeated = Counter.builder("sightline.review.repeats")
                .description("Pictures not queued again: the same model version queued them lately").register(meters);
        this.dropped = Counter.builder("sightline.review.dropped")
                .description("Pictures that needed review but could not be queued").register(meters);
        this.uploaded = Counter.builder("sightline.review.uploads")
                .description("Pictures whose bytes the review queue stored in S3 (one classified from its own content"
                        + " address is not stored again)").register(meters);
    }

    @Override
    public void onClassified(ClassifyJob job, byte[] bytes, ClassifyResult result) {
        Optional<ReviewItem.Reason> reason = enabled ? policy.reason(result) : Optional.empty();
        if (reason.isEmpty()) {
            return;
        }
        if (knownRepeat(job.picture(), result)) {
            repeated.increment();
            return;
        }
        try {
            worker.execute(() -> publish(job.picture(), bytes, result, reason.get()));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    /**
     * A picture read from its content address in this bucket that this version queued lately: known from the key,
     * without hashing, so that a burst of such repeats takes no slot of the bounded queue.
     */
    private boolean knownRepeat(Picture picture, ClassifyResult result) {
        Integer version = result.modelVersion();
        return version != null && contentAddress(picture).map(id -> recent.contains(id, version)).orElse(false);
    }

    /** The imageId a picture's key names when it was read from a content address in this bucket, else empty. */
    private Optional<String> contentAddress(Picture picture) {
        return picture instanceof Picture.Stored stored && stored.object().bucket().equals(store.bucket())
                ? ObjectKeys.imageIdOf(stored.object().key()) : Optional.empty();
    }

    /**
     * Queues the picture unless this model version queued it lately. Other repeats (inline pictures) are recognised
     * here, on the worker, by the picture's hash; until then they take a slot of the queue (a quick one). A picture
     * whose item could not be sent is forgotten, so that its next answer queues it.
     */
    private void publish(Picture picture, byte[] bytes, ClassifyResult result, ReviewItem.Reason reason) {
        try {
            String imageId = ImageIds.of(bytes);
            int version = result.modelVersion(); // a result that needs review is ok, and an ok one names its version
            if (!recent.firstTime(imageId, version)) {
                repeated.increment();
                return;
            }
            try {
                queue(picture, bytes, result, reason, imageId);
            } catch (RuntimeException e) {
                recent.forget(imageId, version);
                throw e;
            }
        } catch (RuntimeException e) {
            dropped.increment();
            LOG.warn("A picture for review (request {}) could not be queued: {}", result.requestId(), e.toString());
        }
    }

    /** Stores the bytes unless they were read from their own content address, then sends the item. */
    private void queue(Picture picture, byte[] bytes, ClassifyResult result, ReviewItem.Reason reason, String imageId) {
        String contentType = ImageFormat.sniff(bytes).map(ImageFormat::contentType).orElse("application/octet-stream");
        String key = ObjectKeys.image(imageId);
        if (!contentAddress(picture).filter(imageId::equals).isPresent()) {
            store.put(key, bytes, contentType);
            uploaded.increment();
        }
        ReviewItem item = new ReviewItem(imageId, store.ref(key), contentType, result.modelVersion(), result.label(),
                result.confidence(), Boolean.TRUE.equals(result.unknown()), result.unknownScore(), reason,
                clock.instant());
        producer.send(topic, imageId, Json.write(item));
        queued.increment();
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
