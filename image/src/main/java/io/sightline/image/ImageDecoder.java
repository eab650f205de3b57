package io.sightline.image;

import io.sightline.contract.ErrorCode;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Decodes a picture into 8-bit sRGB (TYPE_INT_RGB or TYPE_3BYTE_BGR), the way it is meant to be
 * seen: header checked against the limits first, EXIF orientation applied, alpha composited onto
 * white, GIF first frame. A truncated or corrupt file is refused (UNDECODABLE_IMAGE), never partially
 * decoded: any reader warning (libjpeg's "Premature end of JPEG file", "Corrupt JPEG data", ...) or
 * error refuses it. Thread-safe: a reader is created per call.
 */
public final class ImageDecoder {
    private final ImageProbe probe;

    public ImageDecoder() {
        this(ImageLimits.defaults());
    }

    public ImageDecoder(ImageLimits limits) {
        this.probe = new ImageProbe(limits);
    }

    public ImageLimits limits() {
        return probe.limits();
    }

    /** Decodes the whole picture at full resolution. */
    public BufferedImage decode(byte[] bytes, String source) {
        return decodeAtLeast(bytes, source, Integer.MAX_VALUE);
    }

    /**
     * Writes the model input into slot {@code index} of {@code target}, opening the picture once: straight from a
     * big JPEG's DCT coefficients ({@link JpegReducer}) where that path applies, else the picture decoded at full
     * resolution and written by {@code preprocessor}. The same header checks as {@link #decode}.
     */
    void writeModelInput(byte[] bytes, String source, Preprocessor preprocessor, FloatBuffer target, int index) {
        Preprocessing preprocessing = preprocessor.preprocessing();
        try (OpenedImage opened = probe.open(bytes, source)) {
            if (!ImagePipeline.fromPixels(opened.info(), preprocessing)) {
                float[] reduced = JpegReducer.tensor(bytes, opened.orientation(), preprocessing);
                if (reduced != null) {
                    target.put(index * preprocessing.valuesPerImage(), reduced);
                    return;
                }
            }
            preprocessor.write(shown(opened, 1, source), target, index);
        }
    }

    /**
     * Decodes the picture with its shorter side at least {@code minShorterSide} (or full size where it
     * is smaller): where the stored shorter side is at least twice that, the reader skips pixels
     * (ImageReadParam source subsampling by a whole factor), which is much cheaper for big photos.
     */
    public BufferedImage decodeAtLeast(byte[] bytes, String source, int minShorterSide) {
        try (OpenedImage opened = probe.open(bytes, source)) {
            return shown(opened, subsampling(opened.storedShorterSide(), minShorterSide), source);
        }
    }

    /** The picture read with a subsampling factor, in sRGB, turned as its EXIF orientation says. */
    private static BufferedImage shown(OpenedImage opened, int factor, String source) {
        return Orientation.apply(RgbConverter.toRgb(read(opened, factor, source)), opened.orientation());
    }

    /**
     * The largest whole factor f with f * minShorterSide <= shorter (1 below a factor 2); keeping the
     * middle pixel of each block, ceil((shorter - f / 2) / f) >= minShorterSide pixels remain.
     */
    static int subsampling(int storedShorterSide, int minShorterSide) {
        if (minShorterSide < 1) {
            throw new IllegalArgumentException("minShorterSide must be positive, was " + minShorterSide);
        }
        return Math.max(1, storedShorterSide / minShorterSide);
    }

    private static BufferedImage read(OpenedImage opened, int factor, String source) {
        ImageReader reader = opened.reader();
        ImageFormat format = opened.info().format();
        Warnings warnings = new Warnings();
        reader.addIIOReadWarningListener(warnings);
        ImageReadParam param = reader.getDefaultReadParam();
        if (factor > 1) {
            // Keep the middle pixel of each factor x factor block, not its top-left one, so the
            // decimated picture is not shifted by half a block against the full one.
            param.setSourceSubsampling(factor, factor, factor / 2, factor / 2);
        }
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw undecodable(source, format, ImageProbe.reason(e), e);
        }
        if (!warnings.messages.isEmpty()) {
            throw undecodable(source, format, String.join("; ", warnings.messages), null);
        }
        if (image == null) {
            throw undecodable(source, format, "the reader returned no picture", null);
        }
        if (format == ImageFormat.GIF && !GifFrames.firstFrameComplete(opened.bytes())) {
            throw undecodable(source, format, "the first frame's data stops early", null);
        }
        return image;
    }

    private static ImageRejectedException undecodable(String source, ImageFormat format, String why, Throwable cause) {
        return new ImageRejectedException(ErrorCode.UNDECODABLE_IMAGE, source,
                "truncated or corrupt " + format + " data (" + why + ")", cause);
    }

    /**
     * Collects reader warnings that mean damaged data. Only colour-management notes (TwelveMonkeys:
     * "No embedded ICC color profile, will convert using inaccurate CMYK to RGB conversion") are
     * harmless; everything else (libjpeg: "Premature end of JPEG file", "Corrupt JPEG data: ...")
     * refuses the picture.
     */
    private static final class Warnings implements IIOReadWarningListener {
        private static final Pattern HARMLESS = Pattern.compile("(?i).*(ICC|colou?r profile).*");

        private final List<String> messages = new ArrayList<>();

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && !HARMLESS.matcher(warning).matches()) {
                messages.add(warning);
            }
        }
    }
}
