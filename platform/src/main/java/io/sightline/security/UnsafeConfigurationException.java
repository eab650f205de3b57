package io.sightline.security;

/** A configuration a service refuses to start with; the message is one line saying what to set. */
public final class UnsafeConfigurationException extends RuntimeException {
    UnsafeConfigurationException(String message) {
        super(message);
    }
}
