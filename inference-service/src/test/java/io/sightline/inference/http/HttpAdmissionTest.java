package io.sightline.inference.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.image.ImageDecoder;
import io.sightline.inference.TinyModels;
import io.sightline.inference.engine.BatchReport;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.EngineListener;
import io.sightline.inference.engine.PictureFetcher;
import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.model.ModelSlotTestAccess;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Uploads beyond {@code max-http-in-flight} are answered 429 overloaded at once, and admitted again once room is made. */
class HttpAdmissionTest {

    @Test
    void uploadsBeyondTheLimitAreOverloadedUntilOneFinishes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (ModelSlot slot = new ModelSlot(info -> { });
             ClassifyEngine engine = new ClassifyEngine(slot, new PictureFetcher(null), new ImageDecoder(), 1, 1, 4)) {
            engine.addListener(new EngineListener() {
                @Override
                public void onBatch(BatchReport batch) {
                    running.countDown();
                    await(release); // holds the first run, so its upload stays in flight
                }
            });
            slot.swap(ModelSlotTestAccess.serving(1));
            HttpClassifier classifier = new HttpClassifier(engine, Duration.ofSeconds(60), 1);
            CompletableFuture<ClassifyResult> first = classifier.classify(picture(1), "first.png", null);
            assertTrue(running.await(30, TimeUnit.SECONDS), "the first upload reached the model");

            ClassifyResult refused = classifier.classify(picture(2), "second.png", null).join();
            assertEquals(ErrorCode.OVERLOADED, refused.error().code());
            assertTrue(refused.error().retriable());
            HttpResponse<ClassifyResult> answer = ClassifyController.response(refused);
            assertEquals(HttpStatus.TOO_MANY_REQUESTS, answer.getStatus());
            assertEquals("1", answer.getHeaders().get(HttpHeaders.RETRY_AFTER));
            assertFalse(first.isDone());

            release.countDown();
            assertTrue(first.join().isOk());
            assertTrue(classifier.classify(picture(3), "third.png", null).join().isOk(), "room again once one finished");
        }
    }

    private static byte[] picture(long seed) {
        return TinyModels.picture(TinyModels.LABELS.get(0), seed);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
