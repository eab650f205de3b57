package io.sightline.ingest;

import io.sightline.contract.ErrorCode;

/** The label rules: trimmed, 1-64 characters of any script, no control characters, no '/'. */
public final class Labels {
    public static final int MAX_LENGTH = 64;
    public static final String RULE = "a label is 1-64 characters of any script, without control characters or '/'";

    private Labels() {
    }

    /** The trimmed label, or an {@link IngestException} (400) that says what is allowed. */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw IngestException.badRequest(ErrorCode.MISSING_LABEL, "the label is missing; " + RULE);
        }
        String label = raw.strip();
        int length = label.codePointCount(0, label.length());
        if (length > MAX_LENGTH) {
            throw IngestException.badRequest(ErrorCode.BAD_LABEL, "the label is " + length + " characters long; " + RULE);
        }
        if (label.contains("/") || label.codePoints().anyMatch(Character::isISOControl)) {
            throw IngestException.badRequest(ErrorCode.BAD_LABEL, "the label '" + label.replaceAll("\\p{Cntrl}", "?")
                    + "' is not allowed; " + RULE);
        }
        return label;
    }
}
