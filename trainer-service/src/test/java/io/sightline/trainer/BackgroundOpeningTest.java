package io.sightline.trainer;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The first taker gets what the background thread opened, or a second opening of its own when that one failed. */
class BackgroundOpeningTest {

    /** Opens "session 1", "session 2", ...; the openings listed in {@code failing} (1-based) throw. */
    private static Supplier<String> opener(AtomicInteger calls, int... failing) {
        return () -> {
            int call = calls.incrementAndGet();
            for (int f : failing) {
                if (f == call) {
                    throw new IllegalStateException("opening " + call + " failed");
                }
            }
            return "session " + call;
        };
    }

    @Test
    void theFirstTakerGetsWhatTheBackgroundThreadOpened() {
        AtomicInteger calls = new AtomicInteger();
        BackgroundOpening<String> opening = new BackgroundOpening<>(opener(calls), "a session", "test-open");
        assertTrue(opening.pending());
        assertEquals("session 1", opening.take());
        assertFalse(opening.pending(), "taken");
        assertEquals(1, calls.get(), "opened once");
        assertThrows(IllegalStateException.class, opening::take, "only the first call takes");
    }

    @Test
    void aFailedBackgroundOpeningIsTriedAgainByTheTaker() {
        AtomicInteger calls = new AtomicInteger();
        BackgroundOpening<String> opening = new BackgroundOpening<>(opener(calls, 1), "a session", "test-open");
        assertEquals("session 2", opening.take(), "the taker opened it again itself");
        assertEquals(2, calls.get());
        assertFalse(opening.pending());
    }

    @Test
    void anOwnerThatOnlySettlesGetsNothingFromAFailedOpeningAndOpensNothingAgain() {
        AtomicInteger calls = new AtomicInteger();
        BackgroundOpening<String> failed = new BackgroundOpening<>(opener(calls, 1), "a session", "test-open");
        assertEquals(java.util.Optional.empty(), failed.takeIfOpened());
        assertEquals(1, calls.get(), "no second opening");
        assertFalse(failed.pending());

        BackgroundOpening<String> opened = new BackgroundOpening<>(opener(new AtomicInteger()), "a session", "test-open");
        assertEquals(java.util.Optional.of("session 1"), opened.takeIfOpened());
    }

    @Test
    void whenTheSecondOpeningFailsTooItsFailureIsThrown() {
        AtomicInteger calls = new AtomicInteger();
        BackgroundOpening<String> opening = new BackgroundOpening<>(opener(calls, 1, 2), "a session", "test-open");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, opening::take);
        assertEquals("opening 2 failed", thrown.getMessage());
        assertFalse(opening.pending(), "taken even so: the next picture opens the session the usual way");
    }
}
