package io.sightline.trainer;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ThumbnailCache;
import io.sightline.image.ThumbnailRenderer;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Small JPEG thumbnails as data URIs for the self-contained report; pictures never change, so they are cached. */
@Singleton
public class ReportThumbnails {
    private static final int SIZE = 140;
    private static final int CACHE = 5000;
    private static final String BROKEN = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";

    private final ObjectStore store;
    private final ThumbnailRenderer renderer = new ThumbnailRenderer(new ImageDecoder(), SIZE);
    private final ThumbnailCache cache = new ThumbnailCache(CACHE);

    ReportThumbnails(ObjectStore store) {
        this.store = store;
    }

    /**
     * Renders the thumbnails of {@code items} into the cache on a pool thread, while the caller goes on (a training
     * exports and stores its model meanwhile); the report's {@link #dataUri} calls then find them ready.
     */
    public CompletableFuture<Void> prepare(List<ModelRecord.TestItem> items) {
        return CompletableFuture.runAsync(() -> items.forEach(this::dataUri));
    }

    public String dataUri(ModelRecord.TestItem item) {
        try {
            byte[] jpeg = cache.get(item.imageId(), () ->
                    renderer.jpeg(store.get(item.object().bucket(), item.object().key()), item.source()));
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
        } catch (RuntimeException e) {
            return BROKEN;
        }
    }
}
