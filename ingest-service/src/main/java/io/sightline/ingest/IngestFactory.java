package io.sightline.ingest;

import io.micronaut.context.annotation.Factory;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageLimits;
import jakarta.inject.Singleton;

/** Beans of the ingest service that are plain classes. */
@Factory
public class IngestFactory {

    @Singleton
    ImageCatalog catalog() {
        return new ImageCatalog();
    }

    @Singleton
    ImageLocks locks() {
        return new ImageLocks();
    }

    @Singleton
    ImageDecoder decoder(IngestConfig config) {
        return new ImageDecoder(new ImageLimits(config.maxBytes(), config.maxPixels()));
    }
}
