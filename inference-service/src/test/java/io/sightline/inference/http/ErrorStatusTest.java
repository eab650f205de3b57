package io.sightline.inference.http;

import io.micronaut.http.HttpStatus;
import io.sightline.contract.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ErrorStatusTest {

    @Test
    void everyCodeHasItsStatus() {
        assertEquals(HttpStatus.REQUEST_ENTITY_TOO_LARGE, ErrorStatus.of(ErrorCode.IMAGE_TOO_LARGE));
        assertEquals(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorStatus.of(ErrorCode.UNSUPPORTED_FORMAT));
        assertEquals(HttpStatus.BAD_REQUEST, ErrorStatus.of(ErrorCode.UNDECODABLE_IMAGE));
        assertEquals(HttpStatus.BAD_REQUEST, ErrorStatus.of(ErrorCode.BAD_REQUEST));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, ErrorStatus.of(ErrorCode.NO_MODEL));
        assertEquals(HttpStatus.NOT_FOUND, ErrorStatus.of(ErrorCode.OBJECT_NOT_FOUND));
        assertEquals(HttpStatus.INTERNAL_SERVER_ERROR, ErrorStatus.of(ErrorCode.INTERNAL));
    }
}
