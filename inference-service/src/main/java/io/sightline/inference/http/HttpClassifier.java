package io.sightline.inference.http;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.inference.InferenceConfig;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.ClassifyJob;
import io.sightline.inference.engine.Picture;
import io.sightline.inference.engine.Source;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An uploaded picture as a job of the shared engine, with a generated requestId. */
@Singleton
public class HttpClassifier {
    private final ClassifyEngine engine;
    private final Duration timeout;

    HttpClassifier(ClassifyEngine engine, InferenceConfig config) {
        this.engine = engine;
        this.timeout = config.requestTimeout();
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
        int k = topK == null ? ClassifyRequest.DEFAULT_TOP_K : topK;
        ClassifyJob job = new ClassifyJob(requestId, Source.HTTP, new Picture.Uploaded(bytes, name), k, received);
        // A copy times out, not the engine's own future: the engine still counts the job out when it ends.
        return engine.submit(job).copy().completeOnTimeout(
                ClassifyResult.error(requestId, ErrorCode.INTERNAL, "no result within " + timeout, timeout.toMillis()),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
