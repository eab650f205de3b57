package io.sightline.image;

import java.awt.image.BufferedImage;

/**
 * Applies an EXIF orientation (1 to 8) to a picture, so that it is returned the way it is meant to be
 * seen. Orientation n means the stored picture must be: 1 kept, 2 mirrored left-right, 3 turned 180
 * degrees, 4 mirrored top-bottom, 5 transposed (mirrored about the top-left to bottom-right
 * diagonal), 6 turned 90 degrees clockwise, 7 transversed (mirrored about the other diagonal), 8
 * turned 90 degrees anticlockwise.
 */
final class Orientation {
    private Orientation() {
    }

    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= ExifOrientation.NORMAL || orientation > 8) {
            return image;
        }
        BufferedImage src = RgbConverter.toIntRgb(image);
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = ExifOrientation.swapsDimensions(orientation);
        int outWidth = swap ? h : w;
        int outHeight = swap ? w : h;
        BufferedImage dst = new BufferedImage(outWidth, outHeight, BufferedImage.TYPE_INT_RGB);
        int[] in = RgbConverter.pixels(src);
        int[] out = RgbConverter.pixels(dst);
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                out[y * outWidth + x] = in[sourceIndex(orientation, x, y, w, h)];
            }
        }
        return dst;
    }

    /** Index in the stored picture (w x h) of the pixel shown at (x, y). */
    static int sourceIndex(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            case 8 -> x * w + (w - 1 - y);
            default -> y * w + x;
        };
    }
}
