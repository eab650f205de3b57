package io.sightline.ingest;

import io.sightline.contract.ReviewItem;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The pictures waiting for review, as {@code sightline.review} says: the latest item per imageId, tombstones remove. */
@Singleton
public class ReviewBoard {
    private final ConcurrentHashMap<String, ReviewItem> items = new ConcurrentHashMap<>();

    /** Applies one record of the topic ({@code item} null: a tombstone). */
    void apply(String imageId, ReviewItem item) {
        if (imageId == null) {
            return;
        }
        if (item == null) {
            items.remove(imageId);
        } else {
            items.put(imageId, item);
        }
    }

    public Optional<ReviewItem> find(String imageId) {
        return Optional.ofNullable(items.get(imageId));
    }

    public boolean contains(String imageId) {
        return items.containsKey(imageId);
    }

    public int size() {
        return items.size();
    }

    /** At most {@code limit} items: unknown ones first, then the least confident, oldest first on ties. */
    public List<ReviewItem> list(int limit) {
        return items.values().stream()
                .sorted(Comparator.comparing((ReviewItem item) -> !item.unknown())
                        .thenComparingDouble(ReviewItem::confidence)
                        .thenComparing(ReviewItem::queuedAt))
                .limit(limit)
                .toList();
    }
}
