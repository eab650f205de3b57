package io.sightline.ingest;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.ThumbnailCache;
import io.sightline.image.ThumbnailRenderer;
import jakarta.inject.Singleton;

/** JPEG thumbnails that fit a square box, kept in a bounded in-memory LRU cache. */
@Singleton
public class Thumbnails {
    private final IngestService ingest;
    private final ThumbnailRenderer renderer;
    private final ThumbnailCache cache;

    Thumbnails(IngestService ingest, ImageDecoder decoder, IngestConfig config) {
        this.ingest = ingest;
        this.renderer = new ThumbnailRenderer(decoder, config.thumbnailSize());
        this.cache = new ThumbnailCache(config.thumbnailCache());
    }

    public byte[] of(String imageId) {
        return cache.get(imageId, () -> {
            IngestService.StoredImage stored = ingest.bytes(imageId);
            return render(stored.bytes(), stored.image().source());
        });
    }

    private byte[] render(byte[] bytes, String source) {
        try {
            return renderer.jpeg(bytes, source);
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }
}
