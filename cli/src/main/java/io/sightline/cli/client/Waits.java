package io.sightline.cli.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition at a short interval until it yields a value or the time is up (one line then says what). */
public final class Waits {
    private Waits() {
    }

    public static <T> T until(String what, Duration timeout, Duration interval, Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
