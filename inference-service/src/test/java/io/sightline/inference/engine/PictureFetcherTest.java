package io.sightline.inference.engine;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ObjectRef;
import io.sightline.embedded.EmbeddedS3;
import io.sightline.embedded.S3Credentials;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.util.Base64;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PictureFetcherTest {

    @Test
    void base64IsDecodedAndBadBase64IsABadRequest() {
        assertArrayEquals(new byte[] {1, 2, 3}, PictureFetcher.fromBase64(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JobFailure.class, () -> PictureFetcher.fromBase64("@@@")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(JobFailure.class, () -> PictureFetcher.fromBase64("")).code());
    }

    @Test
    void inlinePicturesOverOneMebibyteAreTooLarge() {
        String tooBig = Base64.getEncoder().encodeToString(new byte[ClassifyRequest.MAX_INLINE_BYTES + 1]);
        JobFailure failure = assertThrows(JobFailure.class, () -> PictureFetcher.fromBase64(tooBig));
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, failure.code());
        String wrapped = Base64.getMimeEncoder().encodeToString(new byte[ClassifyRequest.MAX_INLINE_BYTES]);
        assertEquals(ClassifyRequest.MAX_INLINE_BYTES, PictureFetcher.fromBase64(wrapped).length,
                "line-wrapped base64 of exactly 1 MiB is accepted");
    }

    @Test
    void storedObjectsOverTheLimitAreRefusedBeforeReadingAndMissingOnesAreNamed() {
        ObjectStore store = TestInfra.get().newStore();
        store.put("big", new byte[5000], "application/octet-stream");
        store.put("small", new byte[10], "application/octet-stream");
        PictureFetcher fetcher = new PictureFetcher(store, 4096);
        JobFailure big = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "big"))));
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, big.code());
        assertEquals(10, fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "small"))).length);
        JobFailure missing = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "gone"))));
        assertEquals(ErrorCode.OBJECT_NOT_FOUND, missing.code());
    }

    @Test
    void anObjectStoreThatDoesNotAnswerIsARetriableUnavailableNeverInternal() {
        S3Credentials credentials = new S3Credentials("fetcher-test", "fetcher-test-secret");
        ObjectStore store;
        try (EmbeddedS3 s3 = EmbeddedS3.start(TestInfra.tempDir("fetcher-s3"), 0, credentials)) {
            store = ObjectStore.connect(s3.endpoint(), credentials.accessKey(), credentials.secretKey(), "us-east-1",
                    "pictures");
            store.ensureBucket();
            store.put("picture", new byte[10], "application/octet-stream");
        }
        PictureFetcher fetcher = new PictureFetcher(store, 4096);
        JobFailure down = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef("pictures", "picture"))));
        assertEquals(ErrorCode.UNAVAILABLE, down.code(), down.getMessage());
        assertTrue(down.code().retriable());
    }
}
