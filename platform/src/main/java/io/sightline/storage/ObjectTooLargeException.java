package io.sightline.storage;

/** The object is larger than the caller accepts; nothing was read. */
public final class ObjectTooLargeException extends StorageException {
    public ObjectTooLargeException(String bucket, String key, long size, long maxBytes) {
        super("object s3://" + bucket + "/" + key + " holds " + size + " bytes, over the limit of " + maxBytes, null);
    }
}
