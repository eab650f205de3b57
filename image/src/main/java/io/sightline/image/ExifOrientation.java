package io.sightline.image;

import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF Orientation tag (0x0112, values 1 to 8) from the raw bytes of a JPEG (APP1
 * "Exif" segment), PNG ({@code eXIf} chunk), WebP ({@code EXIF} chunk) or TIFF (first IFD), without
 * decoding anything. Anything missing or malformed reads as 1 (as stored).
 */
final class ExifOrientation {
    static final int NORMAL = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT_TYPE = 3;

    private ExifOrientation() {
    }

    static int read(byte[] bytes, ImageFormat format) {
        try {
            int value = switch (format) {
                case JPEG -> fromJpeg(bytes);
                case PNG -> fromPng(bytes);
                case WEBP -> fromWebp(bytes);
                case TIFF -> fromTiff(bytes, 0, bytes.length);
                default -> NORMAL;
            };
            return value >= 1 && value <= 8 ? value : NORMAL;
        } catch (RuntimeException malformed) {
            return NORMAL;
        }
    }

    /** True where the orientation swaps width and height (5 to 8). */
    static boolean swapsDimensions(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    private static int fromJpeg(byte[] b) {
        int pos = 2;
        while (pos + 4 <= b.length && (b[pos] & 0xff) == 0xff) {
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xd8 || marker >= 0xd0 && marker <= 0xd7 || marker == 0x01) {
                pos += 2;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                return NORMAL; // start of scan: metadata segments come before it
            }
            int length = u16be(b, pos + 2);
            int payload = pos + 4;
            if (marker == 0xe1 && length >= 8 && startsWith(b, payload, "Exif\0\0")) {
                return fromTiff(b, payload + 6, Math.min(b.length, pos + 2 + length));
            }
            pos += 2 + length;
        }
        return NORMAL;
    }

    private static int fromPng(byte[] b) {
        int pos = 8;
        while (pos + 8 <= b.length) {
            int length = (int) Math.min(u32be(b, pos), Integer.MAX_VALUE);
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int data = pos + 8;
            if (type.equals("eXIf")) {
                return fromTiff(b, data, (int) Math.min(b.length, (long) data + length));
            }
            if (type.equals("IDAT") || type.equals("IEND")) {
                return NORMAL;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, (long) data + length + 4);
        }
        return NORMAL;
    }

    private static int fromWebp(byte[] b) {
        int pos = 12;
        while (pos + 8 <= b.length) {
            String fourCc = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
            long size = u32le(b, pos + 4);
            int data = pos + 8;
            if (fourCc.equals("EXIF")) {
                int end = (int) Math.min(b.length, data + size);
                int start = startsWith(b, data, "Exif\0\0") ? data + 6 : data;
                return fromTiff(b, start, end);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, data + size + (size & 1));
        }
        return NORMAL;
    }

    /** Reads the tag from IFD0 of a TIFF structure that starts at {@code start}. */
    private static int fromTiff(byte[] b, int start, int end) {
        boolean little;
        if (startsWith(b, start, "II")) {
            little = true;
        } else if (startsWith(b, start, "MM")) {
            little = false;
        } else {
            return NORMAL;
        }
        long ifd = start + u32(b, start + 4, little);
        if (ifd + 2 > end) {
            return NORMAL;
        }
        int entries = u16(b, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(b, entry, little) == ORIENTATION_TAG && u16(b, entry + 2, little) == SHORT_TYPE) {
                return u16(b, entry + 8, little);
            }
        }
        return NORMAL;
    }

    private static boolean startsWith(byte[] b, int pos, String ascii) {
        if (pos < 0 || pos + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[pos + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int pos, boolean little) {
        return little ? (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 : u16be(b, pos);
    }

    private static long u32(byte[] b, int pos, boolean little) {
        return little ? u32le(b, pos) : u32be(b, pos);
    }

    private static int u16be(byte[] b, int pos) {
        return (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
    }

    private static long u32be(byte[] b, int pos) {
        return (long) u16be(b, pos) << 16 | u16be(b, pos + 2);
    }

    private static long u32le(byte[] b, int pos) {
        return (b[pos] & 0xffL) | (b[pos + 1] & 0xffL) << 8 | (b[pos + 2] & 0xffL) << 16 | (b[pos + 3] & 0xffL) << 24;
    }
}
