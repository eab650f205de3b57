package io.sightline.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names what a file that is not a supported picture seems to be, for a message a person reads. */
final class ContentKind {
    /** How many leading bytes {@link #problem} looks at, at most. */
    static final int HEAD_BYTES = 512;

    private ContentKind() {
    }

    /** E.g. "not an image (text)" or "HEIC pictures are not supported". */
    static String problem(byte[] head) {
        String otherImage = otherImageFormat(head);
        if (otherImage != null) {
            return otherImage + " pictures are not supported (supported: JPEG, PNG, GIF, BMP, WebP, TIFF)";
        }
        return "not an image (" + describe(head) + ")";
    }

    private static String otherImageFormat(byte[] head) {
        String ascii = ascii(head, 0, Math.min(head.length, 16));
        if (ascii.length() >= 12 && ascii.startsWith("ftyp", 4)) {
            String brand = ascii.substring(8, 12);
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "HEIC";
            }
        }
        if (ascii.startsWith("8BPS")) {
            return "Photoshop (PSD)";
        }
        if (head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && head[3] == 0) {
            return "ICO";
        }
        String text = leadingText(head);
        if (text.startsWith("<svg") || text.startsWith("<?xml") && text.contains("<svg")) {
            return "SVG";
        }
        return null;
    }

    private static String describe(byte[] head) {
        if (head.length == 0) {
            return "empty file";
        }
        if (ascii(head, 0, Math.min(head.length, 5)).equals("%PDF-")) {
            return "PDF";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "ZIP archive";
        }
        if (!looksLikeText(head)) {
            return "unknown binary data";
        }
        String text = leadingText(head);
        if (text.startsWith("<!doctype html") || text.startsWith("<html") || text.contains("<html")) {
            return "HTML";
        }
        if (text.startsWith("<?xml")) {
            return "XML";
        }
        return "text";
    }

    private static boolean looksLikeText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b;
            if (control || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String leadingText(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.strip().toLowerCase(Locale.ROOT);
    }

    private static String ascii(byte[] data, int from, int to) {
        return new String(data, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}
