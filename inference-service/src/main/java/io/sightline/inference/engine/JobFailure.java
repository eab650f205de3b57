package io.sightline.inference.engine;

import io.sightline.contract.ErrorCode;

/** A request that gets an error result with a stable code (its picture is missing, broken, too big...). */
public final class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public JobFailure(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
