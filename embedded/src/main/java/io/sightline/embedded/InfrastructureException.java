package io.sightline.embedded;

/** Embedded infrastructure could not start; the message says what to change, in one line. */
public final class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
