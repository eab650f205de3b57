package io.sightline.image;

/**
 * The markers of a JPEG up to its first scan, for {@link JpegReducer}: only what that fast path
 * handles (baseline or extended sequential Huffman, 8-bit, one interleaved scan of all components,
 * grey or YCbCr, luma sampling 1 or 2 and chroma 1) parses; anything else gives null, and the picture
 * goes through ImageIO instead.
 */
final class JpegHeader {
    int width;
    int height;
    int components;
    final int[] ids = new int[3];
    final int[] hs = new int[3];
    final int[] vs = new int[3];
    final int[] quantTable = new int[3];
    final int[] dcTable = new int[3];
    final int[] acTable = new int[3];
    /** Dequantisation per table, in zigzag order (as floats: the coefficients are multiplied in float). */
    final float[][] quant = new float[4][];
    final JpegHuffman[] dc = new JpegHuffman[4];
    final JpegHuffman[] ac = new JpegHuffman[4];
    int restartInterval;
    /** Where the entropy-coded data of the scan starts. */
    int scanStart;
    private int adobeTransform = -1;

    private JpegHeader() {
    }

    int maxH() {
        return Math.max(hs[0], components == 3 ? Math.max(hs[1], hs[2]) : 0);
    }

    int maxV() {
        return Math.max(vs[0], components == 3 ? Math.max(vs[1], vs[2]) : 0);
    }

    /** The header, or null when the fast path does not handle this JPEG. */
    static JpegHeader parse(byte[] b) {
        try {
            JpegHeader header = new JpegHeader();
            return header.read(b) && header.supported() ? header : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private boolean read(byte[] b) {
        if ((b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8) {
            return false;
        }
        boolean frame = false;
        int pos = 2;
        while (pos + 4 <= b.length) {
            if ((b[pos] & 0xff) != 0xff) {
                return false;
            }
            int marker = b[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++;
                continue;
            }
            int length = (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
            int at = pos + 4;
            int end = pos + 2 + length;
            switch (marker) {
                case 0xc0, 0xc1 -> frame = frame(b, at);
                case 0xc4 -> huffman(b, at, end);
                case 0xdb -> quantisation(b, at, end);
                case 0xdd -> restartInterval = (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
                case 0xee -> adobe(b, at, end);
                case 0xda -> {
                    scanStart = end;
                    return frame && scan(b, at);
                }
                default -> {
                    if (marker >= 0xc2 && marker <= 0xcf || marker == 0xd9) {
                        return false; // progressive, lossless, arithmetic, hierarchical; or no scan
                    }
                }
            }
            pos = end;
        }
        return false;
    }

    private boolean frame(byte[] b, int at) {
        if ((b[at] & 0xff) != 8) {
            return false;
        }
        height = (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff);
        width = (b[at + 3] & 0xff) << 8 | (b[at + 4] & 0xff);
        components = b[at + 5] & 0xff;
        if (components != 1 && components != 3) {
            return false;
        }
        for (int c = 0; c < components; c++) {
            ids[c] = b[at + 6 + 3 * c] & 0xff;
            hs[c] = (b[at + 7 + 3 * c] & 0xff) >> 4;
            vs[c] = b[at + 7 + 3 * c] & 0x0f;
            quantTable[c] = b[at + 8 + 3 * c] & 0x03;
        }
        return true;
    }

    private void huffman(byte[] b, int at, int end) {
        while (at < end) {
            int kind = (b[at] & 0xff) >> 4;
            int id = b[at] & 0x03;
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = b[at + i] & 0xff;
                total += counts[i];
            }
            byte[] symbols = java.util.Arrays.copyOfRange(b, at + 17, at + 17 + total);
            (kind == 0 ? dc : ac)[id] = new JpegHuffman(counts, symbols);
            at += 17 + total;
        }
    }

    private void quantisation(byte[] b, int at, int end) {
        while (at < end) {
            boolean sixteen = (b[at] & 0xf0) != 0;
            float[] table = new float[64];
            for (int i = 0; i < 64; i++) {
                table[i] = sixteen ? (b[at + 1 + 2 * i] & 0xff) << 8 | (b[at + 2 + 2 * i] & 0xff) : b[at + 1 + i] & 0xff;
            }
            quant[b[at] & 0x03] = table;
            at += 1 + (sixteen ? 128 : 64);
        }
    }

    private void adobe(byte[] b, int at, int end) {
        if (end - at >= 12 && b[at] == 'A' && b[at + 1] == 'd' && b[at + 2] == 'o' && b[at + 3] == 'b' && b[at + 4] == 'e') {
            adobeTransform = b[at + 11] & 0xff;
        }
    }

    private boolean scan(byte[] b, int at) {
        int count = b[at] & 0xff;
        if (count != components) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            int id = b[at + 1 + 2 * i] & 0xff;
            int c = 0;
            while (c < components && ids[c] != id) {
                c++;
            }
            if (c == components) {
                return false;
            }
            dcTable[c] = (b[at + 2 + 2 * i] & 0xff) >> 4 & 0x03;
            acTable[c] = b[at + 2 + 2 * i] & 0x03;
        }
        int spectral = at + 1 + 2 * count;
        return (b[spectral] & 0xff) == 0 && (b[spectral + 1] & 0xff) == 63 && b[spectral + 2] == 0;
    }

    /** Grey, or YCbCr whose chroma is sampled once per 1 or 2 luma samples on each axis. */
    private boolean supported() {
        if (width < 1 || height < 1 || components == 3 && (adobeTransform == 0 || ids[0] == 'R' && ids[1] == 'G')) {
            return false;
        }
        for (int c = 0; c < components; c++) {
            if (quant[quantTable[c]] == null || dc[dcTable[c]] == null || ac[acTable[c]] == null) {
                return false;
            }
        }
        if (components == 1) {
            hs[0] = 1; // a single component is never interleaved: one block per MCU whatever it says
            vs[0] = 1;
            return true;
        }
        boolean lumaOk = hs[0] >= 1 && hs[0] <= 2 && vs[0] >= 1 && vs[0] <= 2;
        return lumaOk && hs[1] == 1 && vs[1] == 1 && hs[2] == 1 && vs[2] == 1;
    }
}
