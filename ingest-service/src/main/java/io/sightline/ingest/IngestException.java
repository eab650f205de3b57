package io.sightline.ingest;

import io.sightline.events.ErrorCode;
import io.sightline.image.ImageRejectedException;

/** An upload that was refused or could not be completed, with the HTTP status and a stable code. */
public final class IngestException extends RuntimeException {
    private final int status;
    private final String code;

    public IngestException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public static IngestException badRequest(String code, String message) {
        return new IngestException(400, code, message, null);
    }

    public static IngestException unavailable(String message, Throwable cause) {
        return new IngestException(503, "unavailable", message, cause);
    }

    /** 413 too large, 415 not an image or unsupported, 400 a corrupt picture. */
    public static IngestException rejected(ImageRejectedException rejection) {
        int status = switch (rejection.code()) {
            case IMAGE_TOO_LARGE -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            default -> 400;
        };
        return new IngestException(status, rejection.code().wire(), rejection.getMessage(), rejection);
    }

    public static IngestException notFound(String message) {
        return new IngestException(404, ErrorCode.OBJECT_NOT_FOUND.wire(), message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
