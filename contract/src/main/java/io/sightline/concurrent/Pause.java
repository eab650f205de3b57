package io.sightline.concurrent;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The one way Sightline waits before a retry: interruptible, and cut short when the caller stops. */
public final class Pause {
    private static final long STEP_MILLIS = 100;

    private Pause() {
    }

    /**
     * Waits {@code duration}, checking {@code keepWaiting} every 100 ms. Returns false (with the
     * interrupt flag set again) when interrupted, else true.
     */
    public static boolean pause(Duration duration, BooleanSupplier keepWaiting) {
        long until = System.nanoTime() + duration.toNanos();
        while (keepWaiting.getAsBoolean()) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                Thread.sleep(Math.min(STEP_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits {@code duration}; returns false (with the interrupt flag set again) when interrupted. */
    public static boolean pause(Duration duration) {
        return pause(duration, () -> true);
    }

    /** A delay that doubles from {@code first} with each attempt (0-based), up to {@code max}. */
    public static Duration backoff(Duration first, Duration max, int attempt) {
        long millis = first.toMillis() << Math.min(Math.max(attempt, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
