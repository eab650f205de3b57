package io.sightline.ingest;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.ThumbnailRenderer;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** JPEG thumbnails that fit a square box, kept in a bounded in-memory LRU cache. */
@Singleton
public class Thumbnails {
    private final IngestService ingest;
    private final ThumbnailRenderer renderer;
    private final Map<String, byte[]> cache;

    Thumbnails(IngestService ingest, ImageDecoder decoder, IngestConfig config) {
        this.ingest = ingest;
        this.renderer = new ThumbnailRenderer(decoder, config.thumbnailSize());
        int capacity = config.thumbnailCache();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        });
    }

    public byte[] of(String imageId) {
        byte[] cached = cache.get(imageId);
        if (cached != null) {
            return cached;
        }
        IngestService.StoredImage stored = ingest.bytes(imageId);
        byte[] thumbnail = render(stored.bytes(), stored.image().source());
        cache.put(imageId, thumbnail);
        return thumbnail;
    }

    private byte[] render(byte[] bytes, String source) {
        try {
            return renderer.jpeg(bytes, source);
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }
}
