package io.sightline.inference.http;

import io.micronaut.http.HttpStatus;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;

/** The HTTP status that goes with a result: 200 for ok, else by its error code. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    public static HttpStatus of(ClassifyResult result) {
        return result.isOk() ? HttpStatus.OK : of(result.error().code());
    }

    public static HttpStatus of(ErrorCode code) {
        return HttpStatus.valueOf(code.httpStatus());
    }
}
