package io.sightline.inference.engine;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ErrorCode;
import io.sightline.image.ImageLimits;
import io.sightline.storage.ObjectAllowList;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectTooLargeException;
import io.sightline.storage.ObjectStore;
import io.sightline.storage.StorageException;
import java.util.Base64;

/**
 * Gets a picture's bytes: from S3, by decoding base64, or as uploaded. Thread-safe. An S3 reference is
 * read only inside the allow-list; any other is answered exactly as a missing object (same code, same
 * message, no size), so requests cannot learn what else the service's credentials could read.
 */
public final class PictureFetcher {
    private final ObjectStore store;
    private final long maxBytes;
    private final ObjectAllowList allowed;

    /** Inline and uploaded pictures only: every S3 reference is answered object_not_found. */
    public PictureFetcher(ObjectStore store) {
        this(store, ImageLimits.defaults().maxBytes(), ObjectAllowList.none());
    }

    /**
     * @param maxBytes objects larger than this are refused (image_too_large) before they are read
     * @param allowed  the bucket/prefix pairs a reference may name
     */
    public PictureFetcher(ObjectStore store, long maxBytes, ObjectAllowList allowed) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.allowed = allowed;
    }

    /** @throws JobFailure with object_not_found, bad_request or internal (S3 unreachable) */
    public byte[] fetch(Picture picture) {
        if (picture instanceof Picture.Stored stored) {
            return fromStore(stored);
        }
        if (picture instanceof Picture.Inline inline) {
            return fromBase64(inline.base64());
        }
        return ((Picture.Uploaded) picture).bytes();
    }

    private byte[] fromStore(Picture.Stored stored) {
        if (!allowed.allows(stored.object().bucket(), stored.object().key())) {
            throw new JobFailure(ErrorCode.OBJECT_NOT_FOUND,
                    new ObjectMissingException(stored.object().bucket(), stored.object().key(), null).getMessage());
        }
        try {
            return store.get(stored.object().bucket(), stored.object().key(), maxBytes);
        } catch (ObjectTooLargeException e) {
            throw new JobFailure(ErrorCode.IMAGE_TOO_LARGE, e.getMessage());
        } catch (ObjectMissingException e) {
            throw new JobFailure(ErrorCode.OBJECT_NOT_FOUND, e.getMessage());
        } catch (StorageException e) {
            throw new JobFailure(ErrorCode.UNAVAILABLE, "cannot read " + stored.describe() + " (the object store did not answer: "
                    + e.getMessage() + "); the request may be sent again");
        }
    }

    static byte[] fromBase64(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, "imageBase64 is not valid base64: " + e.getMessage());
        }
        if (bytes.length > ClassifyRequest.MAX_INLINE_BYTES) {
            throw new JobFailure(ErrorCode.IMAGE_TOO_LARGE, "imageBase64 holds " + bytes.length
                    + " bytes, over the 1 MiB inline limit; upload to S3 and send object instead");
        }
        if (bytes.length == 0) {
            throw new JobFailure(ErrorCode.BAD_REQUEST, "imageBase64 is empty");
        }
        return bytes;
    }
}
