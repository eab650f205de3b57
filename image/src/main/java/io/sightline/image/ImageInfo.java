package io.sightline.image;

/**
 * What the header of a picture says: its format and its size as it is meant to be seen (after
 * the EXIF orientation, which may swap width and height).
 */
public record ImageInfo(ImageFormat format, int width, int height) {
    public ImageInfo {
        if (format == null || width < 1 || height < 1) {
            throw new IllegalArgumentException("need a format and a positive size, was " + format + " " + width + " x " + height);
        }
    }

    /** The MIME type, e.g. {@code image/jpeg}. */
    public String contentType() {
        return format.contentType();
    }

    /** width x height. */
    public long pixels() {
        return (long) width * height;
    }
}
