package io.sightline.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/**
 * Turns whatever a reader produced into 8-bit sRGB without alpha: alpha is composited onto white,
 * grey is replicated (grey values are taken as sRGB-encoded, as browsers and PIL do; Java2D would
 * treat them as linear and brighten them), 16-bit sRGB samples keep their high byte as PIL does
 * ({@link SixteenBitRgb}; 16-bit grey is scaled), other colour spaces
 * (an ICC profile, CMYK) are converted.
 */
final class RgbConverter {
    private static final int WHITE = 255;

    private RgbConverter() {
    }

    /** The picture itself where it already is TYPE_INT_RGB or TYPE_3BYTE_BGR sRGB, else a converted copy. */
    static BufferedImage toRgb(BufferedImage src) {
        ColorModel model = src.getColorModel();
        ColorSpace space = model.getColorSpace();
        boolean plainType = src.getType() == BufferedImage.TYPE_INT_RGB || src.getType() == BufferedImage.TYPE_3BYTE_BGR;
        if (plainType && space.isCS_sRGB()) {
            return src;
        }
        if (!(model instanceof IndexColorModel) && space.getType() == ColorSpace.TYPE_GRAY) {
            return fromGrey(src);
        }
        if (SixteenBitRgb.applies(src)) {
            return SixteenBitRgb.toIntRgb(src);
        }
        if (space.isCS_sRGB() || model instanceof IndexColorModel) {
            return fromArgb(src);
        }
        return fromOtherColorSpace(src);
    }

    /** The picture as TYPE_INT_RGB (a copy unless it already is one). */
    static BufferedImage toIntRgb(BufferedImage src) {
        BufferedImage rgb = toRgb(src);
        if (rgb.getType() == BufferedImage.TYPE_INT_RGB) {
            return rgb;
        }
        return fromArgb(rgb);
    }

    static int[] pixels(BufferedImage intRgb) {
        return ((DataBufferInt) intRgb.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage fromArgb(BufferedImage src) {
        int width = src.getWidth();
        int height = src.getHeight();
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = pixels(dst);
        if (src.getType() == BufferedImage.TYPE_3BYTE_BGR && isPacked(src)) {
            copyBgr(((DataBufferByte) src.getRaster().getDataBuffer()).getData(), out);
            return dst;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            src.getRGB(0, y, width, 1, row, 0, width);
            int base = y * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = onWhite(row[x]);
            }
        }
        return dst;
    }

    private static boolean isPacked(BufferedImage src) {
        return src.getRaster().getParent() == null && src.getRaster().getDataBuffer().getOffset() == 0;
    }

    private static void copyBgr(byte[] bgr, int[] out) {
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            out[i] = (bgr[j + 2] & 0xff) << 16 | (bgr[j + 1] & 0xff) << 8 | (bgr[j] & 0xff);
        }
    }

    static int onWhite(int argb) {
        int alpha = argb >>> 24;
        if (alpha == 0xff) {
            return argb & 0xffffff;
        }
        int r = blend(argb >> 16 & 0xff, alpha, WHITE);
        int g = blend(argb >> 8 & 0xff, alpha, WHITE);
        int b = blend(argb & 0xff, alpha, WHITE);
        return r << 16 | g << 8 | b;
    }

    /** Straight (not premultiplied) alpha over white, both in 0..max. */
    private static int blend(int value, int alpha, int max) {
        return (int) (((long) value * alpha + (long) WHITE * (max - alpha) + max / 2) / max);
    }

    private static BufferedImage fromGrey(BufferedImage src) {
        ColorModel model = src.getColorModel();
        WritableRaster raster = src.getRaster();
        int width = src.getWidth();
        int height = src.getHeight();
        int bands = raster.getNumBands();
        int greyMax = (1 << model.getComponentSize(0)) - 1;
        boolean alpha = model.hasAlpha() && bands > 1;
        int alphaMax = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
        boolean premultiplied = model.isAlphaPremultiplied();
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = pixels(dst);
        int[] samples = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, samples);
            for (int x = 0; x < width; x++) {
                int grey = (int) (((long) samples[x * bands] * WHITE + greyMax / 2) / greyMax);
                if (alpha) {
                    grey = greyOnWhite(grey, samples[x * bands + 1], alphaMax, premultiplied);
                }
                out[y * width + x] = grey << 16 | grey << 8 | grey;
            }
        }
        return dst;
    }

    private static int greyOnWhite(int grey, int alpha, int alphaMax, boolean premultiplied) {
        if (premultiplied) {
            return Math.min(WHITE, grey + (int) ((long) WHITE * (alphaMax - alpha) / alphaMax));
        }
        return blend(grey, alpha, alphaMax);
    }

    private static BufferedImage fromOtherColorSpace(BufferedImage src) {
        int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage converted = new BufferedImage(src.getWidth(), src.getHeight(), type);
        new ColorConvertOp(null).filter(src, converted);
        return type == BufferedImage.TYPE_INT_RGB ? converted : fromArgb(converted);
    }
}
