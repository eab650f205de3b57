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

    /** {@code value} when it has at most {@code max} characters; null stays null. */
    static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long, at most " + max
                    + " are allowed");
        }
        return value;
    }

    /** A required string of at most {@code max} characters. */
    static String text(String value, int max, String field) {
        return maxLength(notBlank(value, field), max, field);
    }

    /** {@code value} cut to its last {@code max} characters (for texts meant for people). */
    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : "…" + value.substring(value.length() - max + 1);
    }

    static <T> java.util.List<T> maxSize(java.util.List<T> list, int max, String field) {
        if (list != null && list.size() > max) {
            throw new IllegalArgumentException(field + " has " + list.size() + " entries, at most " + max + " are allowed");
        }
        return list;
    }

    static void positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
