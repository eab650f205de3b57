package io.sightline.ingest;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.ThumbnailCache;
import io.sightline.image.ThumbnailRenderer;
import jakarta.inject.Singleton;

/**
 * JPEG thumbnails that fit a square box, kept in a bounded in-memory LRU cache. A picture that leaves
 * the dataset (a tombstone read from the log, whichever replica wrote it) leaves the cache, and only
 * pictures in the dataset are answered.
 */
@Singleton
public class Thumbnails {
    private final IngestService ingest;
    private final ThumbnailRenderer renderer;
    private final ThumbnailCache cache;

    Thumbnails(IngestService ingest, ImageDecoder decoder, IngestConfig config, ImageCatalog catalog) {
        this.ingest = ingest;
        this.renderer = new ThumbnailRenderer(decoder, config.thumbnailSize());
        this.cache = new ThumbnailCache(config.thumbnailCache());
        catalog.onRemoved(cache::evict);
    }

    public byte[] of(String imageId) {
        try {
            ingest.picture(imageId);
        } catch (IngestException e) {
            cache.evict(imageId); // a render that raced the removal must not outlive it
            throw e;
        }
        return cache.get(imageId, () -> {
            IngestService.StoredImage stored = ingest.bytes(imageId);
            return render(stored.bytes(), stored.image().source());
        });
    }

    /** Forgets a thumbnail whose picture's bytes were removed. */
    void evict(String imageId) {
        cache.evict(imageId);
    }

    private byte[] render(byte[] bytes, String source) {
        try {
            return renderer.jpeg(bytes, source);
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }
}
