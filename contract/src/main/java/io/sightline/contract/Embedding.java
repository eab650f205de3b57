package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * A feature vector on {@code sightline.embeddings}, keyed {@code <backboneId>/<imageId>}: float32,
 * little-endian, base64 (SPEC section 2).
 */
public record Embedding(String backboneId, String imageId, int dimension, String vector) {

    public Embedding {
        Checks.text(backboneId, Limits.NAME, "backboneId");
        Checks.imageId(imageId);
        Checks.positive(dimension, "dimension");
        if (dimension > Limits.EMBEDDING_DIMENSION) {
            throw new IllegalArgumentException("dimension is " + dimension + ", at most " + Limits.EMBEDDING_DIMENSION);
        }
        Checks.maxLength(vector, (dimension * Float.BYTES + 2) / 3 * 4, "vector");
        Checks.notBlank(vector, "vector");
        int bytes = Base64.getDecoder().decode(vector).length;
        if (bytes != dimension * Float.BYTES) {
            throw new IllegalArgumentException(
                    "vector holds " + bytes + " bytes, expected " + dimension * Float.BYTES);
        }
    }

    public static Embedding of(String backboneId, String imageId, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new Embedding(backboneId, imageId, values.length, Base64.getEncoder().encodeToString(buffer.array()));
    }

    @JsonIgnore
    public float[] values() {
        ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(vector)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[dimension];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    @JsonIgnore
    public String key() {
        return key(backboneId, imageId);
    }

    public static String key(String backboneId, String imageId) {
        return backboneId + "/" + imageId;
    }
}
