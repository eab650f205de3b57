package io.sightline.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The stable error codes of SPEC section 2, as they appear on the wire. */
public enum ErrorCode {
    UNDECODABLE_IMAGE("undecodable_image"),
    IMAGE_TOO_LARGE("image_too_large"),
    UNSUPPORTED_FORMAT("unsupported_format"),
    OBJECT_NOT_FOUND("object_not_found"),
    NO_MODEL("no_model"),
    BAD_REQUEST("bad_request"),
    INTERNAL("internal");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ErrorCode fromWire(String wire) {
        return Arrays.stream(values())
                .filter(code -> code.wire.equals(wire))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown error code: " + wire));
    }
}
