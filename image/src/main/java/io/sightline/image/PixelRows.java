package io.sightline.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Reads spans of a TYPE_INT_RGB or TYPE_3BYTE_BGR picture straight from its data array, without
 * per-pixel objects: red and blue (0..255) packed into one long per pixel (red in the high 32 bits),
 * green into an int.
 */
abstract sealed class PixelRows {
    static PixelRows of(BufferedImage rgb) {
        WritableRaster raster = rgb.getRaster();
        if (rgb.getType() == BufferedImage.TYPE_INT_RGB) {
            return new PackedInts(raster);
        }
        if (rgb.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return new InterleavedBytes(raster);
        }
        throw new IllegalArgumentException("expected TYPE_INT_RGB or TYPE_3BYTE_BGR, was type " + rgb.getType());
    }

    /** Fills {@code redBlue} and {@code green} with pixels {@code x0 .. x0 + green.length - 1} of row y. */
    abstract void read(int y, int x0, long[] redBlue, int[] green);

    private static final class PackedInts extends PixelRows {
        private final int[] data;
        private final int origin;
        private final int scanline;

        PackedInts(WritableRaster raster) {
            SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
            DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
            this.data = buffer.getData();
            this.scanline = model.getScanlineStride();
            this.origin = buffer.getOffset()
                    + model.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());
        }

        @Override
        void read(int y, int x0, long[] redBlue, int[] green) {
            int at = origin + y * scanline + x0;
            for (int i = 0; i < green.length; i++) {
                int pixel = data[at + i];
                redBlue[i] = (long) (pixel >> 16 & 0xff) << 32 | pixel & 0xff;
                green[i] = pixel >> 8 & 0xff;
            }
        }
    }

    private static final class InterleavedBytes extends PixelRows {
        private final byte[] data;
        private final int origin;
        private final int scanline;
        private final int pixelStride;
        private final int red;
        private final int green;
        private final int blue;

        InterleavedBytes(WritableRaster raster) {
            ComponentSampleModel model = (ComponentSampleModel) raster.getSampleModel();
            DataBufferByte buffer = (DataBufferByte) raster.getDataBuffer();
            this.data = buffer.getData();
            this.scanline = model.getScanlineStride();
            this.pixelStride = model.getPixelStride();
            this.origin = buffer.getOffset() - raster.getSampleModelTranslateY() * scanline
                    - raster.getSampleModelTranslateX() * pixelStride;
            int[] offsets = model.getBandOffsets();
            this.red = offsets[0];
            this.green = offsets[1];
            this.blue = offsets[2];
        }

        @Override
        void read(int y, int x0, long[] redBlue, int[] greens) {
            int at = origin + y * scanline + x0 * pixelStride;
            for (int i = 0; i < greens.length; i++, at += pixelStride) {
                redBlue[i] = (long) (data[at + red] & 0xff) << 32 | data[at + blue] & 0xff;
                greens[i] = data[at + green] & 0xff;
            }
        }
    }
}
