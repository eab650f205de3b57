package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Every error code Sightline answers with, as it appears on the wire, with the one HTTP status that
 * goes with it in every service. The first six are SPEC section 2's classify codes; the rest are
 * answers of the ingest API.
 */
public enum ErrorCode {
    UNDECODABLE_IMAGE("undecodable_image", 400),
    IMAGE_TOO_LARGE("image_too_large", 413),
    UNSUPPORTED_FORMAT("unsupported_format", 415),
    OBJECT_NOT_FOUND("object_not_found", 404),
    NO_MODEL("no_model", 503),
    BAD_REQUEST("bad_request", 400),
    INTERNAL("internal", 500),
    /** An upload without its picture part. */
    MISSING_FILE("missing_file", 400),
    /** An upload without a label. */
    MISSING_LABEL("missing_label", 400),
    /** A label that breaks the label rule (length, characters). */
    BAD_LABEL("bad_label", 400),
    /** Kafka or the object store did not answer; the same request may be retried as it is. */
    UNAVAILABLE("unavailable", 503);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The HTTP status of an answer carrying this code, the same in every service. */
    public int httpStatus() {
        return httpStatus;
    }

    @JsonCreator
    public static ErrorCode fromWire(String wire) {
        return Arrays.stream(values())
                .filter(code -> code.wire.equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown error code: " + wire));
    }
}
