package io.sightline.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.sightline.contract.ErrorCode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageReader;

/**
 * Reads what a picture is (format, width, height) from its header, without decoding pixels, and
 * refuses it when it breaks the {@link ImageLimits}. A tiny file that claims 100000 x 100000 pixels
 * is refused in milliseconds. Thread-safe.
 */
public final class ImageProbe {
    private final ImageLimits limits;

    public ImageProbe() {
        this(ImageLimits.defaults());
    }

    public ImageProbe(ImageLimits limits) {
        this.limits = limits;
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Format and size (after EXIF orientation) of a picture.
     *
     * @throws ImageRejectedException IMAGE_TOO_LARGE, UNSUPPORTED_FORMAT or UNDECODABLE_IMAGE
     */
    public ImageInfo probe(byte[] bytes, String source) {
        try (OpenedImage opened = open(bytes, source)) {
            return opened.info();
        }
    }

    /** Checks the limits and leaves a reader on the picture, for the decoder. */
    OpenedImage open(byte[] bytes, String source) {
        checkByteSize(bytes, source);
        ImageFormat format = sniffOrReject(bytes, source);
        ImageReader reader = Readers.create(format);
        if (reader == null) {
            throw new ImageRejectedException(ErrorCode.UNSUPPORTED_FORMAT, source,
                    "no " + format + " reader is installed");
        }
        try {
            reader.setInput(new ByteArrayImageInputStream(bytes), true, false);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkPixels(width, height, source);
            int orientation = ExifOrientation.read(bytes, format);
            boolean swap = ExifOrientation.swapsDimensions(orientation);
            ImageInfo info = new ImageInfo(format, swap ? height : width, swap ? width : height);
            return new OpenedImage(bytes, reader, info, width, height, orientation);
        } catch (ImageRejectedException e) {
            reader.dispose();
            throw e;
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            throw new ImageRejectedException(ErrorCode.UNDECODABLE_IMAGE, source,
                    "cannot read the " + format + " header (" + reason(e) + ")", e);
        }
    }

    private void checkByteSize(byte[] bytes, String source) {
        if (bytes == null || bytes.length == 0) {
            throw new ImageRejectedException(ErrorCode.UNDECODABLE_IMAGE, source, "empty file (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(ErrorCode.IMAGE_TOO_LARGE, source,
                    String.format(Locale.ROOT, "%.1f MiB is over the %s limit", bytes.length / (1024.0 * 1024.0),
                            limits.describeBytes()));
        }
    }

    private static ImageFormat sniffOrReject(byte[] bytes, String source) {
        byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, ContentKind.HEAD_BYTES));
        return ImageFormat.sniff(head).orElseThrow(() ->
                new ImageRejectedException(ErrorCode.UNSUPPORTED_FORMAT, source, ContentKind.problem(head)));
    }

    private void checkPixels(int width, int height, String source) {
        if (width < 1 || height < 1) {
            throw new ImageRejectedException(ErrorCode.UNDECODABLE_IMAGE, source,
                    "the header claims " + width + " x " + height + " pixels");
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageRejectedException(ErrorCode.IMAGE_TOO_LARGE, source,
                    width + " x " + height + " pixels is over the " + limits.describePixels() + " limit");
        }
    }

    static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
