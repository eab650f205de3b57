package io.sightline.ingest;

import io.sightline.contract.Topics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The catalog, handed out only once it can be trusted: {@link #loaded()} after it has read what the
 * images topic held at start (listings, bytes, thumbnails), {@link #current()} after it has read what the
 * topic holds now (every decision: duplicate or not, delete, garbage collection). Either waits up to
 * {@code sightline.ingest.catalog-wait}, then answers 503 (safe to retry).
 */
@Singleton
public class CatalogAccess {
    private final ImageCatalog catalog;
    private final CatalogProgress progress;
    private final Duration wait;
    private final String topic;

    @Inject
    CatalogAccess(ImageCatalog catalog, CatalogProgress progress, IngestConfig config, Topics topics) {
        this(catalog, progress, config.catalogWait(), topics.images());
    }

    public CatalogAccess(ImageCatalog catalog, CatalogProgress progress, Duration wait, String topic) {
        this.catalog = catalog;
        this.progress = progress;
        this.wait = wait;
        this.topic = topic;
    }

    /** The catalog once it has read everything the topic held when the service started. */
    public ImageCatalog loaded() {
        if (!progress.awaitCaughtUp(wait)) {
            throw IngestException.unavailable("the ingest service is still reading the dataset (" + topic
                    + ") after its start; try again in a moment", null);
        }
        return catalog;
    }

    /** The catalog once it has read everything the topic holds now: what any replica wrote before is in it. */
    public ImageCatalog current() {
        long started = System.nanoTime();
        loaded();
        Duration left = wait.minusNanos(System.nanoTime() - started);
        if (!progress.awaitLatest(left.isNegative() ? Duration.ZERO : left)) {
            throw IngestException.unavailable("the ingest service could not read " + topic + " up to its end within "
                    + wait.toSeconds() + " s (Kafka slow or unreachable); the request is safe to retry", null);
        }
        return catalog;
    }

    /** How long a request waits for the catalog (and for its own record to be read back). */
    public Duration waitLimit() {
        return wait;
    }

    public String topic() {
        return topic;
    }
}
