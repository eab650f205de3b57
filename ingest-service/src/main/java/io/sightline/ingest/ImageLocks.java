package io.sightline.ingest;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the work on one picture inside this service: a fixed set of locks, a picture mapped to
 * one by its imageId (two pictures may share a lock; that only makes one wait a little). Fair, so
 * requests for one picture are decided in the order they asked.
 */
final class ImageLocks {
    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    ImageLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** Runs {@code work} holding the lock of {@code imageId}. */
    <T> T withLock(String imageId, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(imageId.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
