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
    UNDECODABLE_IMAGE("undecodable_image", 400, false),
    IMAGE_TOO_LARGE("image_too_large", 413, false),
    UNSUPPORTED_FORMAT("unsupported_format", 415, false),
    OBJECT_NOT_FOUND("object_not_found", 404, false),
    /** No model serves yet; one may soon. */
    NO_MODEL("no_model", 503, true),
    BAD_REQUEST("bad_request", 400, false),
    INTERNAL("internal", 500, false),
    /** An upload without its picture part. */
    MISSING_FILE("missing_file", 400, false),
    /** An upload without a label. */
    MISSING_LABEL("missing_label", 400, false),
    /** A label that breaks the label rule (length, characters). */
    BAD_LABEL("bad_label", 400, false),
    /** Kafka or the object store did not answer, or the service is stopping; the same request may be sent again. */
    UNAVAILABLE("unavailable", 503, true),
    /** The service has as much work as it admits; try again shortly (HTTP answers carry Retry-After). */
    OVERLOADED("overloaded", 429, true),
    /** No token, or one that is unknown, expired or badly signed. */
    UNAUTHORIZED("unauthorized", 401, false),
    /** A valid token whose roles do not include the one the endpoint needs. */
    FORBIDDEN("forbidden", 403, false),
    /** Something that does not exist, e.g. a model version. */
    NOT_FOUND("not_found", 404, false);

    private final String wire;
    private final int httpStatus;
    private final boolean retriable;

    ErrorCode(String wire, int httpStatus, boolean retriable) {
        this.wire = wire;
        this.httpStatus = httpStatus;
        this.retriable = retriable;
    }

    /** True when the same request, sent again unchanged, may succeed. */
    public boolean retriable() {
        return retriable;
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
