package io.sightline.contract;

/** imageId = {@code sha256:} + lowercase hex SHA-256 of the bytes (SPEC section 2). */
public final class ImageIds {
    public static final String PREFIX = "sha256:";

    private ImageIds() {
    }

    public static String of(byte[] bytes) {
        return PREFIX + sha256Hex(bytes);
    }

    public static String sha256Hex(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    /** The hex part of an imageId. */
    public static String hex(String imageId) {
        return Checks.imageId(imageId).substring(PREFIX.length());
    }

    public static boolean isValid(String imageId) {
        try {
            Checks.imageId(imageId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
