package io.sightline.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The picture formats Sightline accepts (SPEC section 7), recognised by their magic bytes. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png"),
    GIF("image/gif", "gif"),
    BMP("image/bmp", "bmp"),
    WEBP("image/webp", "webp"),
    TIFF("image/tiff", "tiff");

    /** How many leading bytes {@link #sniff} needs to recognise every format. */
    public static final int SNIFF_BYTES = 32;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String contentType;
    private final String readerFormatName;

    ImageFormat(String contentType, String readerFormatName) {
        this.contentType = contentType;
        this.readerFormatName = readerFormatName;
    }

    /** The MIME type, e.g. {@code image/jpeg}. */
    public String contentType() {
        return contentType;
    }

    /** The ImageIO format name used to find a reader. */
    String readerFormatName() {
        return readerFormatName;
    }

    /**
     * Recognises a format from the first bytes of a file (at least {@link #SNIFF_BYTES} where the file
     * has them); never looks at a file name.
     */
    public static Optional<ImageFormat> sniff(byte[] head) {
        if (head == null) {
            return Optional.empty();
        }
        if (startsWith(head, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (startsWithAscii(head, 0, "GIF87a") || startsWithAscii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWithAscii(head, 0, "RIFF") && startsWithAscii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (isTiff(head)) {
            return Optional.of(TIFF);
        }
        if (isBmp(head)) {
            return Optional.of(BMP);
        }
        return Optional.empty();
    }

    private static boolean isTiff(byte[] head) {
        return startsWith(head, 0, (byte) 'I', (byte) 'I', (byte) 42, (byte) 0)
                || startsWith(head, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 42)
                || startsWith(head, 0, (byte) 'I', (byte) 'I', (byte) 43, (byte) 0)
                || startsWith(head, 0, (byte) 'M', (byte) 'M', (byte) 0, (byte) 43);
    }

    /** "BM" alone is too weak (a text file may start with it): also check the DIB header size. */
    private static boolean isBmp(byte[] head) {
        if (!startsWithAscii(head, 0, "BM") || head.length < 18) {
            return false;
        }
        int dibHeaderSize = (head[14] & 0xff) | (head[15] & 0xff) << 8 | (head[16] & 0xff) << 16 | (head[17] & 0xff) << 24;
        return switch (dibHeaderSize) {
            case 12, 16, 40, 52, 56, 64, 108, 124 -> true;
            default -> false;
        };
    }

    private static boolean startsWithAscii(byte[] data, int offset, String text) {
        return startsWith(data, offset, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean startsWith(byte[] data, int offset, byte... prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
