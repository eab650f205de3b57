package io.sightline.storage;

/** The requested object does not exist. */
public final class ObjectMissingException extends StorageException {
    public ObjectMissingException(String bucket, String key, Throwable cause) {
        super("object s3://" + bucket + "/" + key + " does not exist", cause);
    }
}
