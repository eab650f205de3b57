package io.sightline.contract;

/** Why a request failed: a stable code and a message a person understands. */
public record ErrorInfo(ErrorCode code, String message) {
    public ErrorInfo {
        Checks.notNull(code, "error.code");
        message = message == null ? code.wire() : message;
    }
}
