package io.sightline.storage;

/** The object store is unreachable, refused the credentials, or failed; the message says which. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
