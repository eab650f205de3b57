package io.sightline.onnx;

import java.nio.file.Path;

/**
 * The one default place where backbones (the downloaded ResNet-50, the generated ones, cut
 * classifiers) are kept, for every entry point: {@code SIGHTLINE_CACHE_DIR} when set, else
 * {@code $XDG_CACHE_HOME/sightline}, else {@code ~/.cache/sightline}. Never relative to the working
 * directory, so the 100 MB download happens once per machine and never lands in a checkout.
 */
public final class BackboneCache {
    private BackboneCache() {
    }

    /** The cache directory: {@code configured} when not blank, else the user's default. */
    public static Path directory(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return directory();
    }

    /** The user's default cache directory. */
    public static Path directory() {
        String override = System.getenv("SIGHTLINE_CACHE_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "sightline");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "sightline");
    }
}
