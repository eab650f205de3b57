package io.sightline.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a request learn what its own record changed. The request opens a {@link Watch} on the imageId
 * before it publishes; the catalog hands every change of that imageId to the watch as it reads the
 * log; the request then waits for the change at the position the broker gave its record. Only watched
 * imageIds cost anything.
 */
final class CatalogWatches {
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();

    /** Starts watching {@code imageId}; one watch per imageId at a time (callers hold its lock). */
    Watch watch(String imageId) {
        Watch watch = new Watch(imageId);
        if (watches.putIfAbsent(imageId, watch) != null) {
            throw new IllegalStateException("a watch on " + imageId + " is open already");
        }
        return watch;
    }

    /** Called by the catalog, in log order, for each record it applies. */
    void recorded(String imageId, LogPosition position, CatalogChange change) {
        Watch watch = watches.get(imageId);
        if (watch != null) {
            watch.future(position).complete(change);
        }
    }

    /** The changes of one imageId seen since the watch was opened, by log position. */
    final class Watch implements AutoCloseable {
        private final String imageId;
        private final Map<LogPosition, CompletableFuture<CatalogChange>> changes = new ConcurrentHashMap<>();

        private Watch(String imageId) {
            this.imageId = imageId;
        }

        private CompletableFuture<CatalogChange> future(LogPosition position) {
            return changes.computeIfAbsent(position, p -> new CompletableFuture<>());
        }

        /** The change the record at {@code position} made, once the catalog has read it. */
        CatalogChange await(LogPosition position, Duration timeout) throws TimeoutException {
            try {
                return future(position).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            watches.remove(imageId, this);
        }
    }
}
