package io.sightline.image;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Model inputs handed from one service to another inside one process, so that a picture is decoded once:
 * in the all-in-one process the ingest service decodes every upload anyway (it refuses corrupt files), and
 * the trainer would fetch the same bytes back from S3 and decode them again to embed them. The trainer says
 * which {@link Preprocessing} it embeds with ({@link #want}); the ingest service then also writes the model
 * input of each new picture it decoded at full size and offers it under the picture's imageId (the SHA-256
 * of its bytes, so the input is exactly what those bytes give); the trainer takes it instead of fetching and
 * decoding, and fetches from S3 as usual whatever it does not find here.
 *
 * <p>Held as one byte per value (the exact path's values are {@code k / 255}; an input that is not is not
 * held), at most {@code capacity} pictures (150 KB each at 224 x 224), the oldest dropped first: a picture that
 * is never taken, e.g. because its event was not published, costs nothing after that. Only the all-in-one
 * process creates one; services on their own never share pictures. Thread-safe.
 */
public final class DecodedPictures {
    private static final float SCALE = 255f;

    private final int capacity;
    private final Map<String, byte[]> inputs;
    private volatile Preprocessing wanted;

    public DecodedPictures(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.inputs = new LinkedHashMap<>();
    }

    /** Model inputs made with {@code preprocessing} are wanted from now on. */
    public void want(Preprocessing preprocessing) {
        this.wanted = preprocessing;
    }

    /** The preprocessing a consumer in this process wants, if any. */
    public Optional<Preprocessing> wanted() {
        return Optional.ofNullable(wanted);
    }

    /**
     * Holds a picture's model input ({@code valuesPerImage} values), unless nobody wants that preprocessing or
     * a value is not a multiple of 1/255; true when held.
     */
    public boolean offer(String imageId, Preprocessing preprocessing, float[] input) {
        if (!preprocessing.equals(wanted)) {
            return false;
        }
        if (input.length != preprocessing.valuesPerImage()) {
            throw new IllegalArgumentException("a model input of " + preprocessing + " has "
                    + preprocessing.valuesPerImage() + " values, was " + input.length);
        }
        byte[] levels = new byte[input.length];
        for (int i = 0; i < input.length; i++) {
            int level = Math.round(input[i] * SCALE);
            if (level < 0 || level > 255 || level / SCALE != input[i]) {
                return false;
            }
            levels[i] = (byte) level;
        }
        synchronized (this) {
            inputs.remove(imageId);
            inputs.put(imageId, levels);
            while (inputs.size() > capacity) {
                inputs.remove(inputs.keySet().iterator().next());
            }
        }
        return true;
    }

    /**
     * Writes the picture's model input made with {@code preprocessing} as picture {@code index} of
     * {@code target} (absolute) and forgets it; false, writing nothing, when it is not held.
     */
    public boolean takeInto(String imageId, Preprocessing preprocessing, FloatBuffer target, int index) {
        if (!preprocessing.equals(wanted)) {
            return false;
        }
        byte[] levels;
        synchronized (this) {
            levels = inputs.remove(imageId);
        }
        if (levels == null) {
            return false;
        }
        Preprocessor.checkSlot(preprocessing, target, index);
        int offset = index * levels.length;
        for (int i = 0; i < levels.length; i++) {
            target.put(offset + i, (levels[i] & 0xff) / SCALE);
        }
        return true;
    }

    /** Pictures held now. */
    public synchronized int size() {
        return inputs.size();
    }
}
