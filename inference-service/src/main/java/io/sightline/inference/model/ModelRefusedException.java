package io.sightline.inference.model;

/** A published version that will never be served: wrong checksum, unreadable model, or wrong answers. */
public final class ModelRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelRefusedException(String message) {
        super(message);
    }

    public ModelRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
