package io.sightline.image;

/**
 * Size limits checked before a picture is decoded (SPEC section 7).
 *
 * @param maxBytes  largest accepted file, in bytes
 * @param maxPixels largest accepted width x height, read from the file header
 */
public record ImageLimits(long maxBytes, long maxPixels) {
    private static final long MIB = 1024L * 1024L;

    public ImageLimits {
        if (maxBytes < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("limits must be positive, were " + maxBytes + " bytes / " + maxPixels + " pixels");
        }
    }

    /** 32 MiB per file, 40 megapixels per picture. */
    public static ImageLimits defaults() {
        return new ImageLimits(32 * MIB, 40_000_000L);
    }

    String describeBytes() {
        return maxBytes % MIB == 0 ? (maxBytes / MIB) + " MiB" : maxBytes + " byte";
    }

    String describePixels() {
        return maxPixels % 1_000_000 == 0 ? (maxPixels / 1_000_000) + " megapixel" : maxPixels + " pixel";
    }
}
