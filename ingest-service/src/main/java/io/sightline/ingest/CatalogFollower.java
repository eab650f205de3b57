package io.sightline.ingest;

import io.micronaut.context.annotation.Context;
import io.sightline.events.Json;
import io.sightline.events.LabelledImage;
import io.sightline.events.Topics;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.time.Duration;

/** Keeps the {@link ImageCatalog} in step with {@code sightline.images}, from the beginning. */
@Context
public class CatalogFollower {
    private final TopicReader reader;

    CatalogFollower(@Named("bootstrapServers") String bootstrapServers, Topics topics, ImageCatalog catalog) {
        this.reader = new TopicReader(bootstrapServers, topics.images(), (key, value) -> {
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
