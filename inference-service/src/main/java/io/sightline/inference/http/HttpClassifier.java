package io.sightline.inference.http;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.inference.InferenceConfig;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.ClassifyJob;
import io.sightline.inference.engine.Picture;
import io.sightline.inference.engine.Source;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An uploaded picture as a job of the shared engine, with a generated requestId. At most
 * {@code max-http-in-flight} uploads are in the engine at once (each holds its picture in memory);
 * beyond that the answer is {@code overloaded} at once, never a queue that grows with the load.
 */
@Singleton
public class HttpClassifier {
    private final ClassifyEngine engine;
    private final Duration timeout;
    private final Semaphore admitted;
    private final int maxInFlight;

    @Inject
    HttpClassifier(ClassifyEngine engine, InferenceConfig config) {
        this(engine, config.requestTimeout(), config.maxHttpInFlight());
    }

    HttpClassifier(ClassifyEngine engine, Duration timeout, int maxInFlight) {
        this.engine = engine;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.admitted = new Semaphore(maxInFlight);
    }

    public CompletableFuture<ClassifyResult> classify(byte[] bytes, String name, Integer topK) {
        long received = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        if (topK != null && topK < 1) {
            return CompletableFuture.completedFuture(engine.reject(requestId, Source.HTTP, ErrorCode.BAD_REQUEST,
                    "topK must be at least 1, was " + topK, received));
        }
        if (bytes == null || bytes.length == 0) {
            return CompletableFuture.completedFuture(engine.reject(requestId, Source.HTTP, ErrorCode.BAD_REQUEST,
                    "no picture: send it as the multipart part 'file' or as the request body", received));
        }
        if (!admitted.tryAcquire()) {
            return CompletableFuture.completedFuture(engine.reject(requestId, Source.HTTP, ErrorCode.OVERLOADED,
                    maxInFlight + " uploads are being classified, the most this service admits; try again shortly",
                    received));
        }
        int k = topK == null ? ClassifyRequest.DEFAULT_TOP_K : topK;
        ClassifyJob job = new ClassifyJob(requestId, Source.HTTP, new Picture.Uploaded(bytes, name), k, received);
        // The room is given back when the engine is done with the job (not when the caller stops waiting), and
        // before the caller sees the result. A dependent stage times out, not the engine's own future.
        return engine.submit(job).whenComplete((done, error) -> admitted.release()).completeOnTimeout(
                ClassifyResult.error(requestId, ErrorCode.INTERNAL, "no result within " + timeout, timeout.toMillis()),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
