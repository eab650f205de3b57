package io.sightline.trainer;

import java.time.Duration;

/** A trainer configuration for tests that build services by hand: the tiny backbone, small and fast settings. */
final class TrainerConfigs {
    private TrainerConfigs() {
    }

    static TrainerConfig withRole(String role) {
        return new TrainerConfig("tiny", "cache", "cpu", 0, 8, 2, 0.2, -1, 2, 0.01, 100, false, 1,
                Duration.ofSeconds(10), true, 0.01, 0.05, "default", Duration.ofMinutes(5), role,
                "fp32", 64, "minmax", 0.01, 2, 0.05, "", false, 1);
    }
}
