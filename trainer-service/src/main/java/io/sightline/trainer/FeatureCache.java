package io.sightline.trainer;

import io.sightline.contract.Embedding;
import io.sightline.contract.EmbeddingFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings by {@code <backboneId>/<imageId>}, as on the compacted {@code sightline.embeddings} topic,
 * and the pictures that can never be embedded (their {@link EmbeddingFailure}s on the same topic).
 */
public final class FeatureCache {
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    public void put(Embedding embedding) {
        vectors.put(embedding.key(), embedding.values());
        failures.remove(embedding.key());
    }

    public void fail(EmbeddingFailure failure) {
        failures.put(failure.key(), failure.reason());
        vectors.remove(failure.key());
    }

    public void remove(String key) {
        vectors.remove(key);
        failures.remove(key);
    }

    public float[] get(String backboneId, String imageId) {
        return vectors.get(Embedding.key(backboneId, imageId));
    }

    public boolean contains(String backboneId, String imageId) {
        return vectors.containsKey(Embedding.key(backboneId, imageId));
    }

    /** Why the picture can never be embedded with this backbone, or null. */
    public String failure(String backboneId, String imageId) {
        return failures.get(Embedding.key(backboneId, imageId));
    }

    /** How many pictures can never be embedded, over every backbone. */
    public int failureCount() {
        return failures.size();
    }

    public int size() {
        return vectors.size();
    }
}
