package io.sightline.ingest;

import io.micronaut.context.annotation.Context;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import java.time.Duration;

/** Keeps the {@link ImageCatalog} in step with {@code sightline.images}, from the beginning. */
@Context
public class CatalogFollower {
    private final TopicReader reader;

    CatalogFollower(KafkaClients kafka, Topics topics, ImageCatalog catalog) {
        this.reader = new TopicReader(kafka, topics.images(), (key, value) -> {
            if (value == null) {
                catalog.remove(key);
            } else {
                catalog.put(Json.read(value, LabelledImage.class));
            }
        }).start();
    }

    public boolean awaitCaughtUp(Duration timeout) {
        return reader.awaitCaughtUp(timeout);
    }

    @PreDestroy
    void close() {
        reader.close();
    }
}
