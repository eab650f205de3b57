package io.sightline.text;

import java.util.Locale;

/** Byte counts for people, the same on the explorer page and in the CLI. */
public final class ByteSizes {
    private ByteSizes() {
    }

    /** 1.2 MB, 340 KB, 12 B (decimal units). */
    public static String human(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
        }
        if (bytes >= 1_000) {
            return (bytes / 1_000) + " KB";
        }
        return bytes + " B";
    }
}
