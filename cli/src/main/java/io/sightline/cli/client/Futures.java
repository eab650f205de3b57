package io.sightline.cli.client;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of a task on a pool, with its own exception as it was thrown. */
final class Futures {
    private Futures() {
    }

    static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
