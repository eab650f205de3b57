package io.sightline.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A reusable model-input buffer for up to {@code capacity} pictures: one direct, native-order
 * FloatBuffer (ONNX Runtime uses such a buffer without copying), NCHW, picture i at
 * {@code i * valuesPerImage}. Not thread-safe as a whole; different indices may be filled from
 * different threads.
 */
public final class TensorBatch {
    private final Preprocessing preprocessing;
    private final int capacity;
    private final FloatBuffer buffer;

    public TensorBatch(Preprocessing preprocessing, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        long bytes = (long) capacity * preprocessing.valuesPerImage() * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(capacity + " pictures do not fit one buffer");
        }
        this.preprocessing = preprocessing;
        this.capacity = capacity;
        this.buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The whole buffer, all {@code capacity} pictures. */
    public FloatBuffer buffer() {
        return buffer;
    }

    public int capacity() {
        return capacity;
    }

    /** {@code {n, 3, crop, crop}}. */
    public long[] shape(int n) {
        checkCount(n);
        return new long[] {n, 3, preprocessing.crop(), preprocessing.crop()};
    }

    /** A view of the first n pictures: position 0, limit (and capacity) {@code n * valuesPerImage}. */
    public FloatBuffer slice(int n) {
        checkCount(n);
        return buffer.duplicate().position(0).limit(n * preprocessing.valuesPerImage()).slice();
    }

    private void checkCount(int n) {
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("need 1 to " + capacity + " pictures, was " + n);
        }
    }
}
