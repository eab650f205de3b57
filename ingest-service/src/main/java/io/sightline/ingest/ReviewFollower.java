package io.sightline.ingest;

import io.micronaut.context.annotation.Context;
import io.sightline.contract.Json;
import io.sightline.contract.ReviewItem;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import java.time.Duration;

/** Keeps the {@link ReviewBoard} in step with {@code sightline.review}, from the beginning. */
@Context
public class ReviewFollower {
    private final TopicReader reader;

    ReviewFollower(KafkaClients kafka, Topics topics, ReviewBoard board) {
        this.reader = new TopicReader(kafka, topics.review(), (partition, offset, key, value) -> board.apply(key,
                value == null ? null : Json.read(value, ReviewItem.class))).start();
    }

    /** Waits until the board holds everything the topic holds now. */
    public boolean awaitLatest(Duration timeout) {
        return reader.awaitLatest(timeout);
    }

    @PreDestroy
    void close() {
        reader.close();
    }
}
