package io.sightline.ingest;

import io.sightline.contract.ErrorCode;
import io.sightline.image.ImageRejectedException;

/** An upload that was refused or could not be completed, with its stable code (which names the HTTP status). */
public final class IngestException extends RuntimeException {
    private final ErrorCode code;

    public IngestException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public static IngestException badRequest(ErrorCode code, String message) {
        return new IngestException(code, message, null);
    }

    public static IngestException unavailable(String message, Throwable cause) {
        return new IngestException(ErrorCode.UNAVAILABLE, message, cause);
    }

    /** 413 too large, 415 not an image or unsupported, 400 a corrupt picture: as its code says. */
    public static IngestException rejected(ImageRejectedException rejection) {
        return new IngestException(rejection.code(), rejection.getMessage(), rejection);
    }

    public static IngestException notFound(String message) {
        return new IngestException(ErrorCode.OBJECT_NOT_FOUND, message, null);
    }

    public int status() {
        return code.httpStatus();
    }

    public ErrorCode code() {
        return code;
    }
}
