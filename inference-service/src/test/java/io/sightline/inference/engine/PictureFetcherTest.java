package io.sightline.inference.engine;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ObjectRef;
import io.sightline.embedded.EmbeddedS3;
import io.sightline.embedded.S3Credentials;
import io.sightline.storage.ObjectAllowList;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        store.put("images/big", new byte[5000], "application/octet-stream");
        store.put("images/small", new byte[10], "application/octet-stream");
        PictureFetcher fetcher = new PictureFetcher(store, 4096, ObjectAllowList.parse(List.of(), store.bucket()));
        JobFailure big = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "images/big"))));
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, big.code());
        assertEquals(10, fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "images/small"))).length);
        JobFailure missing = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "images/gone"))));
        assertEquals(ErrorCode.OBJECT_NOT_FOUND, missing.code());
        assertEquals("object s3://" + store.bucket() + "/images/gone does not exist", missing.getMessage());
    }

    @Test
    void objectsOutsideTheAllowListAreAnsweredExactlyLikeMissingOnesWhateverTheyHold() {
        ObjectStore store = TestInfra.get().newStore();
        ObjectStore other = TestInfra.get().newStore();
        store.put("models/default/1/model.onnx", new byte[5000], "application/octet-stream");
        store.put("images/ok", new byte[10], "application/octet-stream");
        other.put("images/secret", new byte[10], "application/octet-stream");
        PictureFetcher fetcher = new PictureFetcher(store, 4096, ObjectAllowList.parse(List.of(), store.bucket()));
        for (ObjectRef outside : List.of(new ObjectRef(store.bucket(), "models/default/1/model.onnx"),
                new ObjectRef(other.bucket(), "images/secret"), new ObjectRef(store.bucket(), "images/../models/x"),
                new ObjectRef(store.bucket(), "images//ok"), new ObjectRef(store.bucket(), "images/./ok"))) {
            JobFailure refused = assertThrows(JobFailure.class, () -> fetcher.fetch(new Picture.Stored(outside)));
            assertEquals(ErrorCode.OBJECT_NOT_FOUND, refused.code(), outside.toString());
            assertEquals("object s3://" + outside.bucket() + "/" + outside.key() + " does not exist", refused.getMessage(),
                    "worded as a missing object is (below)");
            assertFalse(refused.getMessage().contains("5000"), "no size: " + refused.getMessage());
        }
        assertEquals(10, fetcher.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "images/ok"))).length);
        PictureFetcher configured = new PictureFetcher(store, 4096,
                ObjectAllowList.parse(List.of(other.bucket() + "/images/"), store.bucket()));
        assertEquals(10, configured.fetch(new Picture.Stored(new ObjectRef(other.bucket(), "images/secret"))).length);
        assertEquals(ErrorCode.OBJECT_NOT_FOUND, assertThrows(JobFailure.class,
                () -> configured.fetch(new Picture.Stored(new ObjectRef(store.bucket(), "images/ok")))).code());
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
        PictureFetcher fetcher = new PictureFetcher(store, 4096, ObjectAllowList.of("pictures", ""));
        JobFailure down = assertThrows(JobFailure.class,
                () -> fetcher.fetch(new Picture.Stored(new ObjectRef("pictures", "picture"))));
        assertEquals(ErrorCode.UNAVAILABLE, down.code(), down.getMessage());
        assertTrue(down.code().retriable());
    }
}
