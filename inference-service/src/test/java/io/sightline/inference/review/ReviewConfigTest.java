package io.sightline.inference.review;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewConfigTest {

    @Test
    void rememberedAnswersAreBounded() {
        assertDoesNotThrow(() -> new ReviewConfig(true, 0.6, 256, 0));
        assertDoesNotThrow(() -> new ReviewConfig(true, 0.6, 256, ReviewConfig.MAX_REMEMBERED));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new ReviewConfig(true, 0.6, 256, ReviewConfig.MAX_REMEMBERED + 1));
        assertTrue(tooMany.getMessage().contains("sightline.review.remembered"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReviewConfig(true, 0.6, 256, -1));
    }

    @Test
    void confidenceAndQueueCapacityAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ReviewConfig(true, 1.5, 256, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReviewConfig(true, 0.6, 0, 10));
    }
}
