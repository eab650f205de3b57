package io.sightline.inference.engine;

/**
 * Where one picture's time went before its model run, for the stage meters.
 *
 * @param fetchNanos  getting the bytes (S3 GET, base64 decoding)
 * @param decodeNanos decoding and preprocessing into model input
 * @param readyNanos  {@link System#nanoTime()} when it was queued for a runner
 * @param waitNanos   queued until its batch started; 0 until {@link #waited} is called
 */
public record PictureTimes(long fetchNanos, long decodeNanos, long readyNanos, long waitNanos) {

    static PictureTimes prepared(long fetchNanos, long decodeNanos, long readyNanos) {
        return new PictureTimes(fetchNanos, decodeNanos, readyNanos, 0);
    }

    /** These times with the wait until {@code batchStarted}. */
    PictureTimes waited(long batchStarted) {
        return new PictureTimes(fetchNanos, decodeNanos, readyNanos, Math.max(0, batchStarted - readyNanos));
    }
}
