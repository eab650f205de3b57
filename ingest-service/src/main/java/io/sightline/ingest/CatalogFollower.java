package io.sightline.ingest;

import io.micronaut.context.annotation.Context;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import java.time.Duration;

/**
 * Keeps the {@link ImageCatalog} in step with {@code sightline.images}, from the beginning: the only
 * writer of the catalog, so the catalog is always a prefix of the log.
 */
@Context
public class CatalogFollower implements CatalogProgress {
    private final TopicReader reader;
    private final String topic;

    CatalogFollower(KafkaClients kafka, Topics topics, ImageCatalog catalog) {
        this.topic = topics.images();
        this.reader = new TopicReader(kafka, topic, (partition, offset, key, value) -> catalog.apply(
                new LogPosition(partition, offset), key, value == null ? null : Json.read(value, LabelledImage.class)))
                .start();
    }

    public String topic() {
        return topic;
    }

    @Override
    public boolean awaitCaughtUp(Duration timeout) {
        return reader.awaitCaughtUp(timeout);
    }

    @Override
    public boolean awaitLatest(Duration timeout) {
        return reader.awaitLatest(timeout);
    }

    public boolean isCaughtUp() {
        return reader.isCaughtUp();
    }

    /** False once the reader has stopped (closed, or a failure it cannot recover from). */
    public boolean isRunning() {
        return reader.isRunning();
    }

    @PreDestroy
    void close() {
        reader.close();
    }
}
