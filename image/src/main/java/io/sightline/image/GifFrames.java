package io.sightline.image;

/**
 * Checks that the first frame of a GIF is complete: the JDK GIF reader silently returns a partly
 * filled picture when the data stops early. Walks the block structure (header, colour table,
 * extensions, image descriptor, LZW data sub-blocks) up to the end of the first frame's data.
 */
final class GifFrames {
    private static final int HEADER_AND_SCREEN = 13;
    private static final int EXTENSION = 0x21;
    private static final int IMAGE = 0x2c;

    private GifFrames() {
    }

    static boolean firstFrameComplete(byte[] b) {
        if (b.length < HEADER_AND_SCREEN) {
            return false;
        }
        int pos = HEADER_AND_SCREEN + colourTableSize(b[10]);
        while (pos < b.length) {
            int block = b[pos] & 0xff;
            if (block == EXTENSION) {
                pos = skipSubBlocks(b, pos + 2);
            } else if (block == IMAGE) {
                int tableAt = pos + 10;
                if (tableAt > b.length) {
                    return false;
                }
                int data = tableAt + colourTableSize(b[pos + 9]) + 1; // + LZW minimum code size
                return skipSubBlocks(b, data) <= b.length;
            } else {
                return false;
            }
        }
        return false;
    }

    private static int colourTableSize(byte packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    /** Position after the zero-length terminator, or past the end where the data stops first. */
    private static int skipSubBlocks(byte[] b, int pos) {
        while (pos < b.length) {
            int size = b[pos] & 0xff;
            pos += 1 + size;
            if (size == 0) {
                return pos;
            }
        }
        return b.length + 1;
    }
}
