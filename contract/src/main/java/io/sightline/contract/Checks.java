package io.sightline.contract;

import java.util.regex.Pattern;

/** Validation helpers for the compact constructors of the event records. */
final class Checks {
    private static final Pattern IMAGE_ID = Pattern.compile("sha256:[0-9a-f]{64}");

    private Checks() {
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String imageId(String value) {
        notBlank(value, "imageId");
        if (!IMAGE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("imageId must be sha256:<64 lowercase hex>, was " + value);
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static void positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
