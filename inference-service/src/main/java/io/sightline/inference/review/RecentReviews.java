package io.sightline.inference.review;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pictures this service put on the review queue lately, each with the model version that asked for it: the same
 * picture answered again by the same version is not queued again. A client that retries, or a camera that sends the
 * same frame, would otherwise send the same item over and over; and a picture a person has just labelled (its item
 * removed) would come back to the board before the model that knows it is served. Bounded: the least recently seen
 * picture is forgotten first. Thread-safe.
 */
final class RecentReviews {
    private final Map<Key, Boolean> seen;

    private record Key(String imageId, int modelVersion) {
    }

    /** @param capacity answers (picture and version) remembered, at most (0: none, every answer that needs review is queued) */
    RecentReviews(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether this picture is new for this model version; it is remembered from now on either way. */
    synchronized boolean firstTime(String imageId, int modelVersion) {
        return seen.put(new Key(imageId, modelVersion), Boolean.TRUE) == null;
    }

    /** Whether this picture is remembered for this version (counts as seen: it is forgotten last). */
    synchronized boolean contains(String imageId, int modelVersion) {
        return seen.get(new Key(imageId, modelVersion)) != null;
    }

    /** Forgets a picture, so that its next answer by this version is queued (its item could not be sent). */
    synchronized void forget(String imageId, int modelVersion) {
        seen.remove(new Key(imageId, modelVersion));
    }
}
