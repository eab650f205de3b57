package io.sightline.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Thumbnails by imageId, least recently used dropped first: pictures never change, so they never go
 * stale; a picture removed from the dataset is {@linkplain #evict evicted}.
 */
public final class ThumbnailCache {
    private final Map<String, byte[]> thumbnails;

    public ThumbnailCache(int capacity) {
        this.thumbnails = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        });
    }

    /** The cached thumbnail, or the one {@code render} makes (then kept). */
    public byte[] get(String imageId, Supplier<byte[]> render) {
        byte[] cached = thumbnails.get(imageId);
        if (cached != null) {
            return cached;
        }
        byte[] made = render.get();
        thumbnails.put(imageId, made);
        return made;
    }

    /** Forgets the thumbnail of a picture that left the dataset. */
    public void evict(String imageId) {
        thumbnails.remove(imageId);
    }
}
