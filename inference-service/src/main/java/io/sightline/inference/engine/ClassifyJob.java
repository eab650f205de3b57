package io.sightline.inference.engine;

/**
 * One picture to classify.
 *
 * @param requestId     the id its result carries
 * @param source        Kafka or HTTP
 * @param picture       where its bytes are
 * @param topK          predictions wanted, at least 1
 * @param receivedNanos {@link System#nanoTime()} when the request arrived, for the end-to-end latency
 */
public record ClassifyJob(String requestId, Source source, Picture picture, int topK, long receivedNanos) {
    public ClassifyJob {
        if (requestId == null || requestId.isBlank() || source == null || picture == null || topK < 1) {
            throw new IllegalArgumentException("a job needs a requestId, a source, a picture and topK >= 1");
        }
    }
}
