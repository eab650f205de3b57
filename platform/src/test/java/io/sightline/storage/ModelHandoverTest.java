package io.sightline.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The handover gives a model only to the loader of that model, once, and never keeps one after a take. */
class ModelHandoverTest {

    @Test
    void theHeldModelGoesOnceAndOnlyToItsOwnSha256() {
        ModelHandover handover = new ModelHandover();
        byte[] model = {1, 2, 3};

        assertTrue(handover.take("aa").isEmpty(), "nothing held");
        handover.offer("AA", model);
        assertArrayEquals(model, handover.take("aa").orElseThrow(), "the same SHA-256, whatever its case");
        assertTrue(handover.take("aa").isEmpty(), "taken once");

        handover.offer("bb", model);
        assertTrue(handover.take("cc").isEmpty(), "another model's SHA-256");
        assertTrue(handover.take("bb").isEmpty(), "a take for another model empties the handover");

        handover.offer("dd", new byte[] {9});
        handover.offer("ee", model);
        assertTrue(handover.take("dd").isEmpty(), "an offer replaces what was held");
    }
}
