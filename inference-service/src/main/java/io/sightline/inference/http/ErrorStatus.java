package io.sightline.inference.http;

import io.micronaut.http.HttpStatus;
import io.sightline.events.ClassifyResult;
import io.sightline.events.ErrorCode;

/** The HTTP status that goes with a result: 200 for ok, else by its error code. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    public static HttpStatus of(ClassifyResult result) {
        return result.isOk() ? HttpStatus.OK : of(result.error().code());
    }

    public static HttpStatus of(ErrorCode code) {
        return switch (code) {
            case IMAGE_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNSUPPORTED_FORMAT -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNDECODABLE_IMAGE, BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case OBJECT_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case NO_MODEL -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
