package io.sightline.trainer;

import io.sightline.contract.LabelledImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The labelled dataset as {@code sightline.images} says it is now: the latest label per imageId,
 * tombstones removed. Counts the changes since the last training candidate and when the stream was
 * last active, which drive automatic retraining.
 */
public final class Dataset {
    private final Map<String, LabelledImage> images = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile long lastChangeNanos = System.nanoTime();

    public void apply(String imageId, LabelledImage image) {
        LabelledImage previous = image == null ? images.remove(imageId) : images.put(imageId, image);
        boolean changed = image == null ? previous != null : previous == null || !previous.label().equals(image.label());
        if (changed) {
            changes.incrementAndGet();
            lastChangeNanos = System.nanoTime();
        }
    }

    /** All images, ordered by imageId (a stable order for training). */
    public List<LabelledImage> snapshot() {
        List<LabelledImage> all = new ArrayList<>(images.values());
        all.sort(Comparator.comparing(LabelledImage::imageId));
        return all;
    }

    /** The imageIds, unordered (no copy sorted for callers that only count). */
    public java.util.Set<String> imageIds() {
        return java.util.Collections.unmodifiableSet(images.keySet());
    }

    public int size() {
        return images.size();
    }

    /** Changes (additions, relabels, removals) counted so far; compare with a mark taken at training. */
    public long changeCount() {
        return changes.get();
    }

    public long nanosSinceLastChange() {
        return System.nanoTime() - lastChangeNanos;
    }
}
