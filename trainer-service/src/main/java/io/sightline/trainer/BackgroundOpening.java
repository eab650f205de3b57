package io.sightline.trainer;

import io.sightline.concurrent.Futures;
import io.sightline.concurrent.Threads;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Something slow to open (a backbone's ONNX Runtime session: seconds), opened on its own thread beside the rest of
 * the start-up. The first {@link #take()} waits for that opening; should it have failed, it opens the thing again
 * itself, so that a failed opening costs one more try, not a failed batch. Not thread-safe: its owner calls it
 * under its own lock.
 */
final class BackgroundOpening<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundOpening.class);

    private final Supplier<T> open;
    private final String what;
    /** The opening under way; null once taken. */
    private CompletableFuture<T> opening;

    /** Starts opening {@code what} with {@code open} on a daemon thread named {@code threadName}. */
    BackgroundOpening(Supplier<T> open, String what, String threadName) {
        this.open = open;
        this.what = what;
        this.opening = CompletableFuture.supplyAsync(open, task -> Threads.daemon(threadName, task).start());
    }

    /** Whether the opening has not been taken yet (it may still be under way). */
    boolean pending() {
        return opening != null;
    }

    /**
     * What the background opening made (waiting for it), or, if it failed, what a second opening here makes;
     * the second opening's failure is thrown. Only the first call takes: later ones throw.
     */
    T take() {
        return takeIfOpened().orElseGet(() -> {
            LOG.warn("Opening {} again", what);
            return open.get();
        });
    }

    /**
     * What the background opening made (waiting for it), or empty if it failed — without a second opening: for an
     * owner that is closing and would only close what it opened. Only the first take of either kind takes.
     */
    Optional<T> takeIfOpened() {
        if (opening == null) {
            throw new IllegalStateException(what + ": the background opening was taken already");
        }
        CompletableFuture<T> first = opening;
        opening = null;
        try {
            return Optional.of(Futures.get(first));
        } catch (RuntimeException e) {
            LOG.warn("Opening {} beside the start-up failed: {}", what, e.toString());
            return Optional.empty();
        }
    }
}
