package io.sightline.concurrent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The result of a task run elsewhere, with its own exception as it was thrown (not wrapped). */
public final class Futures {
    private Futures() {
    }

    /** Waits for {@code future}; a task's unchecked exception is rethrown as it is, a checked one wrapped. */
    public static <T> T get(Future<T> future) {
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
