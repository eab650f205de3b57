package io.sightline.storage;

import java.util.Optional;

/**
 * The bytes of the one model last published, handed from the trainer to the inference service where both run
 * in one process (the all-in-one): the inference service takes them instead of downloading from S3 the object
 * the trainer has just stored, and still checks them against the SHA-256 of the model's event. Holds at most one
 * model; every {@link #take} empties it, so a model no loader asked for does not stay in the heap for long.
 */
public final class ModelHandover {
    private String sha256;
    private byte[] model;

    /** Holds {@code model}, whose SHA-256 is {@code sha256}, in place of whatever was held. */
    public synchronized void offer(String sha256, byte[] model) {
        this.sha256 = sha256;
        this.model = model;
    }

    /** The model held if its SHA-256 is {@code sha256}; empties the handover either way. */
    public synchronized Optional<byte[]> take(String sha256) {
        byte[] held = model != null && this.sha256.equalsIgnoreCase(sha256) ? model : null;
        this.sha256 = null;
        this.model = null;
        return Optional.ofNullable(held);
    }
}
