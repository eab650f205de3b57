package io.sightline.ingest;

import io.sightline.contract.ErrorCode;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.ThumbnailRenderer;
import io.sightline.kafka.EventProducer;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The review queue's consumer side: lists what waits, and labels a picture. Labelling is an ordinary upload of
 * the queued bytes under the chosen label ({@link IngestService}: a labelled-image event, so automatic retraining
 * picks it up), then a tombstone on {@code sightline.review} takes the picture off the queue.
 */
@Singleton
public class ReviewService {
    /** The most items one listing returns. */
    public static final int MAX_LIST = 500;

    private final ReviewBoard board;
    private final ReviewFollower follower;
    private final IngestService ingest;
    private final ObjectStore store;
    private final EventProducer producer;
    private final String topic;
    private final ThumbnailRenderer renderer;
    private final IngestConfig config;

    ReviewService(ReviewBoard board, ReviewFollower follower, IngestService ingest, ObjectStore store,
                  EventProducer producer, Topics topics, ImageDecoder decoder, IngestConfig config) {
        this.board = board;
        this.follower = follower;
        this.ingest = ingest;
        this.store = store;
        this.producer = producer;
        this.topic = topics.review();
        this.renderer = new ThumbnailRenderer(decoder, config.thumbnailSize());
        this.config = config;
    }

    /** What waits, unknown first then least confident, at most {@code limit} (1..{@link #MAX_LIST}). */
    public List<ReviewItem> list(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw IngestException.badRequest(ErrorCode.BAD_REQUEST, "limit must be 1.." + MAX_LIST);
        }
        return board.list(limit);
    }

    public int size() {
        return board.size();
    }

    /** The JPEG thumbnail of a waiting picture. */
    public byte[] thumbnail(String imageId) {
        ReviewItem item = waiting(imageId);
        try {
            return renderer.jpeg(bytes(item), "review " + imageId);
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }

    /** Labels a waiting picture (its answered label to confirm, or another, new or existing) and takes it off. */
    public IngestResult label(String imageId, String label) {
        ReviewItem item = waiting(imageId);
        IngestResult result = ingest.ingest(bytes(item), label,
                "review of model version " + item.modelVersion() + " (" + item.reason().wire() + ")");
        try {
            producer.send(topic, imageId, null);
        } catch (RuntimeException e) {
            throw IngestException.unavailable("the picture is labelled, but Kafka did not take it off the review "
                    + "queue; labelling it again is safe", e);
        }
        return result;
    }

    private ReviewItem waiting(String imageId) {
        follower.awaitLatest(config.catalogWait());
        return board.find(imageId).orElseThrow(() -> IngestException.notFound(imageId + " is not waiting for review"));
    }

    /** Only this service's bucket, only content-addressed pictures, never more than an upload may be. */
    private byte[] bytes(ReviewItem item) {
        if (!item.object().bucket().equals(store.bucket())
                || !item.object().key().equals(io.sightline.storage.ObjectKeys.image(item.imageId()))) {
            throw IngestException.notFound("the picture of " + item.imageId() + " is not where reviewed pictures are");
        }
        try {
            return store.get(item.object().bucket(), item.object().key(), config.maxBytes());
        } catch (ObjectMissingException e) {
            throw IngestException.notFound("the picture of " + item.imageId() + " is gone from S3");
        }
    }
}
