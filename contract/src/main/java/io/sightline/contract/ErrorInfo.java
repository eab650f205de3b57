package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a request failed: a stable code, a message a person understands, and whether sending the same
 * request again may succeed ({@code retriable}, derived from the code).
 */
public record ErrorInfo(ErrorCode code, String message) {
    public ErrorInfo {
        Checks.notNull(code, "error.code");
        message = message == null ? code.wire() : Checks.cut(message, Limits.MESSAGE);
    }

    @JsonProperty("retriable")
    public boolean retriable() {
        return code.retriable();
    }
}
