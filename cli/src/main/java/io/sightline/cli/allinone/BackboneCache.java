package io.sightline.cli.allinone;

import java.nio.file.Path;

/**
 * Where the CLI keeps backbones (the downloaded ResNet-50, the generated one): shared by every data
 * dir, so the 100 MB download happens once per machine. {@code SIGHTLINE_CACHE_DIR} overrides it.
 */
public final class BackboneCache {
    private BackboneCache() {
    }

    public static Path directory() {
        String configured = System.getenv("SIGHTLINE_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "sightline");
    }
}
