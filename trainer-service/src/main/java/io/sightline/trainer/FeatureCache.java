package io.sightline.trainer;

import io.sightline.contract.Embedding;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Embeddings by {@code <backboneId>/<imageId>}, as on the compacted {@code sightline.embeddings} topic. */
public final class FeatureCache {
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    public void put(Embedding embedding) {
        vectors.put(embedding.key(), embedding.values());
    }

    public void remove(String key) {
        vectors.remove(key);
    }

    public float[] get(String backboneId, String imageId) {
        return vectors.get(Embedding.key(backboneId, imageId));
    }

    public boolean contains(String backboneId, String imageId) {
        return vectors.containsKey(Embedding.key(backboneId, imageId));
    }

    public int size() {
        return vectors.size();
    }
}
