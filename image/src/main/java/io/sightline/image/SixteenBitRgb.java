package io.sightline.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;

/**
 * 16-bit sRGB pictures (a 48-bit RGB or 64-bit RGBA PNG) to 8 bits the way PIL loads them, which is what
 * torchvision's preprocessing sees: each sample's most significant byte (PIL's {@code RGB;16B} and
 * {@code RGBA;16B} unpackers), alpha then composited onto white like every other picture with alpha. Read
 * straight from the raster's {@code short[]}: ~10x cheaper than Java2D's per-pixel {@code getRGB}, which also
 * rounds (0x00FF became 1 where PIL gives 0).
 */
final class SixteenBitRgb {
    private SixteenBitRgb() {
    }

    /** Whether {@code src} is interleaved 16-bit sRGB, 3 bands or 4 with straight alpha. */
    static boolean applies(BufferedImage src) {
        ColorModel model = src.getColorModel();
        WritableRaster raster = src.getRaster();
        if (!(model instanceof ComponentColorModel) || !model.getColorSpace().isCS_sRGB() || model.isAlphaPremultiplied()
                || !(raster.getDataBuffer() instanceof DataBufferUShort)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel)) {
            return false;
        }
        int bands = raster.getNumBands();
        if (bands != (model.hasAlpha() ? 4 : 3)) {
            return false;
        }
        for (int size : model.getComponentSize()) {
            if (size != Short.SIZE) {
                return false;
            }
        }
        return true;
    }

    /** {@code src} (see {@link #applies}) as TYPE_INT_RGB. */
    static BufferedImage toIntRgb(BufferedImage src) {
        WritableRaster raster = src.getRaster();
        PixelInterleavedSampleModel model = (PixelInterleavedSampleModel) raster.getSampleModel();
        DataBufferUShort buffer = (DataBufferUShort) raster.getDataBuffer();
        short[] data = buffer.getData();
        int pixelStride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int origin = buffer.getOffset() - raster.getSampleModelTranslateY() * scanline
                - raster.getSampleModelTranslateX() * pixelStride;
        int[] offsets = model.getBandOffsets();
        boolean alpha = offsets.length == 4;
        int width = src.getWidth();
        BufferedImage dst = new BufferedImage(width, src.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] out = RgbConverter.pixels(dst);
        for (int y = 0, i = 0; y < src.getHeight(); y++) {
            int at = origin + y * scanline;
            for (int x = 0; x < width; x++, i++, at += pixelStride) {
                int rgb = high(data[at + offsets[0]]) << 16 | high(data[at + offsets[1]]) << 8 | high(data[at + offsets[2]]);
                out[i] = alpha ? RgbConverter.onWhite(high(data[at + offsets[3]]) << 24 | rgb) : rgb;
            }
        }
        return dst;
    }

    private static int high(short sample) {
        return (sample & 0xffff) >>> 8;
    }
}
