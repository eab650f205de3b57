package io.sightline.cli.bench;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When the soak's sender may send its next request: at a fixed rate whatever the answers do (open
 * loop: a stalled service faces a growing backlog, as it would in production), or whenever one of N
 * outstanding requests is answered (closed loop).
 */
interface SoakPacer {
    long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Waits for the next slot; false when {@code running} turned false meanwhile. Called by one thread. */
    boolean awaitSlot(BooleanSupplier running) throws InterruptedException;

    /** A request was answered, or will never be because its send failed. */
    void release();

    /** For the report: {@code 5 requests/s} or {@code 8 outstanding}. */
    String describe();

    static SoakPacer rate(double perSecond) {
        return new Rate(perSecond);
    }

    static SoakPacer concurrency(int outstanding) {
        return new Concurrency(outstanding);
    }

    /** Open loop: one slot every 1/rate seconds from the first; a sender held up catches up at once. */
    final class Rate implements SoakPacer {
        private final double perSecond;
        private final long periodNanos;
        private long next;

        Rate(double perSecond) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("the rate must be positive, was " + perSecond);
            }
            this.perSecond = perSecond;
            this.periodNanos = Math.max(1, Math.round(1e9 / perSecond));
        }

        @Override
        public boolean awaitSlot(BooleanSupplier running) {
            if (next == 0) {
                next = System.nanoTime();
            }
            long wait;
            while (running.getAsBoolean() && (wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, CHECK_NANOS));
            }
            next += periodNanos;
            return running.getAsBoolean();
        }

        @Override
        public void release() {
            // the rate does not depend on answers
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s requests/s", perSecond == Math.rint(perSecond)
                    ? String.valueOf((long) perSecond) : String.valueOf(perSecond));
        }
    }

    /** Closed loop: at most {@code outstanding} requests without an answer. */
    final class Concurrency implements SoakPacer {
        private final int outstanding;
        private final Semaphore slots;

        Concurrency(int outstanding) {
            if (outstanding < 1) {
                throw new IllegalArgumentException("the concurrency must be at least 1, was " + outstanding);
            }
            this.outstanding = outstanding;
            this.slots = new Semaphore(outstanding);
        }

        @Override
        public boolean awaitSlot(BooleanSupplier running) throws InterruptedException {
            while (running.getAsBoolean()) {
                if (slots.tryAcquire(CHECK_NANOS, TimeUnit.NANOSECONDS)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void release() {
            slots.release();
        }

        @Override
        public String describe() {
            return outstanding + " outstanding";
        }
    }
}
