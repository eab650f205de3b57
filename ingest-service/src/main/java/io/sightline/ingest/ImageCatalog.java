package io.sightline.ingest;

import io.sightline.contract.LabelledImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The current dataset as the ingest service knows it: the latest label per imageId, built only from
 * {@code sightline.images} in log order ({@link CatalogFollower}), so every replica that has read the
 * same records holds the same catalog.
 */
public final class ImageCatalog {
    private final Map<String, LabelledImage> images = new ConcurrentHashMap<>();
    private final CatalogWatches watches = new CatalogWatches();
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

    /**
     * Applies one record (a null image is a tombstone) and tells a request watching the imageId what it
     * changed. Called by one thread, in log order.
     */
    public CatalogChange apply(LogPosition position, String imageId, LabelledImage image) {
        LabelledImage before = image == null ? images.remove(imageId) : images.put(imageId, image);
        CatalogChange change = new CatalogChange(before, image);
        watches.recorded(imageId, position, change);
        if (image == null && before != null) {
            removalListeners.forEach(listener -> listener.accept(imageId));
        }
        return change;
    }

    /** Starts watching what the log does to {@code imageId} (see {@link CatalogWatches}). */
    CatalogWatches.Watch watch(String imageId) {
        return watches.watch(imageId);
    }

    /** Runs {@code listener} with the imageId of every picture that leaves the dataset. */
    public void onRemoved(Consumer<String> listener) {
        removalListeners.add(listener);
    }

    public Optional<LabelledImage> find(String imageId) {
        return Optional.ofNullable(images.get(imageId));
    }

    public boolean contains(String imageId) {
        return images.containsKey(imageId);
    }

    public int size() {
        return images.size();
    }

    /** Label counts, sorted by label. */
    public Map<String, Integer> labelCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        images.values().forEach(image -> counts.merge(image.label(), 1, Integer::sum));
        return counts;
    }

    /** One page of the pictures with {@code label} (all labels when null), ordered by source name. */
    public Page page(String label, int page, int size) {
        List<LabelledImage> matching = new ArrayList<>();
        for (LabelledImage image : images.values()) {
            if (label == null || label.equals(image.label())) {
                matching.add(image);
            }
        }
        matching.sort(Comparator.comparing(LabelledImage::label)
                .thenComparing(LabelledImage::source)
                .thenComparing(LabelledImage::imageId));
        int from = (int) Math.min((long) page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new Page(matching.subList(from, to), page, size, matching.size());
    }

    /** A page of pictures and the total that matched. */
    public record Page(List<LabelledImage> items, int page, int size, int total) {
        public int pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }
}
