package io.sightline.ingest;

import io.sightline.contract.LabelledImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The current dataset as the ingest service knows it: the latest label per imageId. */
public final class ImageCatalog {
    private final Map<String, LabelledImage> images = new ConcurrentHashMap<>();

    public void put(LabelledImage image) {
        images.put(image.imageId(), image);
    }

    public void remove(String imageId) {
        images.remove(imageId);
    }

    public Optional<LabelledImage> find(String imageId) {
        return Optional.ofNullable(images.get(imageId));
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
