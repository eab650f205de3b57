package io.sightline.ingest;

import io.sightline.contract.ErrorCode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code max-uploads-in-flight} uploads are validated, stored and published at once (each holds its
 * picture, and while it is decoded its pixels, in memory); beyond that the answer is 429 {@code overloaded}
 * at once, never a queue that grows with the load. The room is given back when the upload is answered.
 */
@Singleton
public class UploadAdmission {
    private final Semaphore room;
    private final int limit;

    @Inject
    UploadAdmission(IngestConfig config) {
        this(config.maxUploadsInFlight());
    }

    UploadAdmission(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("sightline.ingest.max-uploads-in-flight must be at least 1, was " + limit);
        }
        this.limit = limit;
        this.room = new Semaphore(limit);
    }

    /** Runs {@code upload} when there is room; throws {@link IngestException} {@code overloaded} when there is none. */
    public <T> T admitted(Supplier<T> upload) {
        if (!room.tryAcquire()) {
            throw new IngestException(ErrorCode.OVERLOADED, limit + " uploads are in progress, the most this service"
                    + " admits; send this one again shortly", null);
        }
        try {
            return upload.get();
        } finally {
            room.release();
        }
    }
}
