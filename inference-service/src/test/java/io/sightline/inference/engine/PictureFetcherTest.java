package io.sightline.inference.engine;

import io.sightline.events.ErrorCode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PictureFetcherTest {

    @Test
    void base64IsDecodedAndBadBase64IsABadRequest() {
        assertArrayEquals(new byte[] {1, 2, 3}, PictureFetcher.fromBase64(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JobFailure.class, () -> PictureFetcher.fromBase64("@@@")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JobFailure.class, () -> PictureFetcher.fromBase64("")).code());
    }
}
