package io.sightline.image;

import javax.imageio.ImageReader;

/**
 * A reader positioned on a picture whose header has been checked against the limits; the decoder
 * goes on to read pixels with it. Close to release the reader.
 */
record OpenedImage(byte[] bytes, ImageReader reader, ImageInfo info, int storedWidth, int storedHeight, int orientation)
        implements AutoCloseable {

    int storedShorterSide() {
        return Math.min(storedWidth, storedHeight);
    }

    @Override
    public void close() {
        reader.dispose();
    }
}
