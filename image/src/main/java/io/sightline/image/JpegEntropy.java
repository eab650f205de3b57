package io.sightline.image;

/**
 * Reads the Huffman-coded blocks of a sequential JPEG scan (ITU T.81 annex F), dequantised, into
 * natural order. Bytes past the data (a marker, or the end of the file) read as zero bits and are
 * counted: a decoder that needed them was reading a truncated or corrupt scan, which {@link #valid}
 * and {@link #atRestart} report, as does any impossible code. Not thread-safe.
 */
final class JpegEntropy {
    /** T.81 figure A.6: natural-order index of zigzag position k. */
    static final int[] NATURAL = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60,
        61, 54, 47, 55, 62, 63,
    };

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Per natural index: its row's bit, and its column's bit shifted left 8. */
    private static final int[] LINES = new int[64];

    static {
        for (int i = 0; i < 64; i++) {
            LINES[i] = 1 << (i >> 3) | 1 << 8 + (i & 7);
        }
    }

    private static final int PEEK_SHIFT = 64 - JpegHuffman.LOOKUP_BITS;

    private final byte[] data;
    private int pos;
    /** The unread bits, first bit read in the top bit; {@link #bits} of them are real, the rest zero. */
    private long buffer;
    private int bits;
    /** Zero bits added past the data. */
    private int padding;
    private boolean corrupt;

    /** Bit v set when row v (vertical frequency) of the block has a coefficient. */
    int rows;
    /** Bit u set when column u (horizontal frequency) of the block has a coefficient. */
    int columns;
    /** Of the block {@link #block} read: the sum of |coefficient| times its basis function's peak ({@link JpegBasis#PEAK}). */
    float peakSum;
    /** Of the block {@link #block} read: the sum of its AC coefficients' squares. */
    float squares;

    JpegEntropy(byte[] data, int start) {
        this.data = data;
        this.pos = start;
    }

    /** Whether everything read so far was real, well-formed data. */
    boolean valid() {
        return !corrupt && bits >= padding;
    }

    /**
     * Decodes one block, dequantised, into {@code out} (natural order; it holds the previous block of
     * that slot, whose rows {@code previousRows} are cleared first) and returns the new DC predictor.
     * Also sets {@link #rows}, {@link #columns}, {@link #peakSum} and {@link #squares}. The bit buffer lives in locals
     * while codes fit the lookup (the fields only for the rare longer codes and refills).
     */
    int block(JpegHuffman dc, JpegHuffman ac, float[] quant, int predictor, float[] out, int previousRows) {
        for (int r = previousRows; r != 0; r &= r - 1) {
            int at = Integer.numberOfTrailingZeros(r) * 8;
            out[at] = 0;
            out[at + 1] = 0;
            out[at + 2] = 0;
            out[at + 3] = 0;
            out[at + 4] = 0;
            out[at + 5] = 0;
            out[at + 6] = 0;
            out[at + 7] = 0;
        }
        int fastDc = dcLookup(dc);
        int value = predictor + (fastDc != 0 ? fastDc >> 16 : dcDifference(dc));
        long buf = buffer << (fastDc & 0xff); // the bit buffer in locals from here on
        int n = bits - (fastDc & 0xff);
        out[0] = value * quant[0];
        int lines = 1 | 1 << 8; // row bits, then column bits
        float[] scale = quant;
        float peaks = 0;
        float sumSquares = 0;
        int[] fastAc = ac.fastAc;
        for (int k = 1; k < 64; k++) {
            if (n < 32) {
                bits = n;
                buffer = buf;
                fill();
                buf = buffer;
                n = bits;
            }
            int fast = fastAc[(int) (buf >>> PEEK_SHIFT)];
            int coefficient;
            if (fast != 0) {
                int length = fast & 0xff;
                buf <<= length;
                n -= length;
                k += fast >> 8 & 0xff;
                coefficient = fast >> 16;
            } else {
                bits = n;
                buffer = buf;
                int rs = symbol(ac);
                int s = rs & 0x0f;
                coefficient = s == 0 ? 0 : JpegHuffman.extend(take(s), s);
                buf = buffer;
                n = bits;
                if (s == 0) {
                    if (rs != 0xf0) {
                        break; // end of block
                    }
                    k += 15;
                    continue;
                }
                k += rs >> 4;
            }
            if (k > 63) {
                corrupt |= k < JpegHuffman.EOB_RUN; // past the block, and not end-of-block
                break;
            }
            int natural = NATURAL[k];
            float f = coefficient * scale[k];
            out[natural] = f;
            lines |= LINES[natural];
            peaks += Math.abs(f) * JpegBasis.PEAK[natural];
            sumSquares += f * f;
        }
        buffer = buf;
        bits = n;
        rows = lines & 0xff;
        columns = lines >>> 8;
        peakSum = peaks;
        squares = sumSquares;
        return value;
    }

    /** Reads one block without keeping it (it feeds no kept output); returns the new DC predictor. */
    int skip(JpegHuffman dc, JpegHuffman ac, int predictor) {
        int fastDc = dcLookup(dc);
        int value = predictor + (fastDc != 0 ? fastDc >> 16 : dcDifference(dc));
        long buf = buffer << (fastDc & 0xff); // the bit buffer in locals from here on
        int n = bits - (fastDc & 0xff);
        int[] skipAc = ac.skipAc;
        int k = 1;
        while (k < 64) {
            if (n < 32) {
                bits = n;
                buffer = buf;
                fill();
                buf = buffer;
                n = bits;
            }
            int step = skipAc[(int) (buf >>> PEEK_SHIFT)];
            if (step != 0) {
                if (k + (step >> 16 & 0xff) < 64) { // both symbols (or the only one)
                    int length = step & 0xff;
                    buf <<= length;
                    n -= length;
                    k += step >> 8 & 0xff;
                } else { // the first ends the block: the second belongs to the next one
                    int length = step >>> 24;
                    buf <<= length;
                    n -= length;
                    k += step >> 16 & 0xff;
                }
            } else {
                bits = n;
                buffer = buf;
                int rs = symbol(ac);
                int s = rs & 0x0f;
                take(s);
                buf = buffer;
                n = bits;
                if (s == 0 && rs != 0xf0) {
                    break; // end of block
                }
                k += (rs >> 4) + 1;
            }
        }
        buffer = buf;
        bits = n;
        corrupt |= k > 64 && k < JpegHuffman.EOB_RUN; // a coefficient past the block
        return value;
    }

    /** Tops the bit buffer up; returns the DC table's {@link JpegHuffman#fastDc} entry for it (0: {@link #dcDifference} decodes it). */
    private int dcLookup(JpegHuffman dc) {
        if (bits < 32) {
            fill();
        }
        return dc.fastDc[(int) (buffer >>> PEEK_SHIFT)];
    }

    private int dcDifference(JpegHuffman dc) {
        if (bits < 32) {
            fill();
        }
        int fast = dc.fastDc[(int) (buffer >>> PEEK_SHIFT)];
        if (fast != 0) {
            int length = fast & 0xff;
            buffer <<= length;
            bits -= length;
            return fast >> 16;
        }
        int size = symbol(dc);
        if (size == 0) {
            return 0;
        }
        if (size > 11) {
            corrupt = true;
            return 0;
        }
        return JpegHuffman.extend(take(size), size);
    }

    /**
     * At a restart interval's end: only the padding bits of the last byte may be left, then marker
     * RST{@code n mod 8}, which is stepped over. False when the data does not continue so.
     */
    boolean atRestart(int n) {
        if (!atMarker() || (data[pos + 1] & 0xff) != (0xd0 | n & 7)) {
            return false;
        }
        pos += 2;
        buffer = 0;
        bits = 0;
        padding = 0;
        return true;
    }

    /** After the last block: true when only the padding bits of the last byte are left before a marker. */
    boolean atEnd() {
        return atMarker();
    }

    /** The reader stopped at a marker (fill never reads past one) with less than a byte of data unread. */
    private boolean atMarker() {
        if (bits < 8) {
            fill();
        }
        int unread = bits - padding;
        return !corrupt && unread >= 0 && unread < 8 && pos + 1 < data.length && (data[pos] & 0xff) == 0xff
                && (data[pos + 1] & 0xff) != 0;
    }

    private int symbol(JpegHuffman table) {
        if (bits < 16) {
            fill();
        }
        int entry = table.lookup[(int) (buffer >>> PEEK_SHIFT)];
        if (entry != 0) {
            int length = entry >> 8;
            buffer <<= length;
            bits -= length;
            return entry & 0xff;
        }
        for (int length = JpegHuffman.LOOKUP_BITS + 1; length <= 16; length++) {
            int code = (int) (buffer >>> (64 - length));
            if (code <= table.maxCode[length]) {
                buffer <<= length;
                bits -= length;
                return table.symbols[code + table.valueOffset[length]] & 0xff;
            }
        }
        corrupt = true;
        return 0;
    }

    /** The next n bits (n <= 16; none, 0, for n = 0). */
    private int take(int n) {
        if (n == 0) {
            return 0;
        }
        if (bits < n) {
            fill();
        }
        int value = (int) (buffer >>> (64 - n));
        buffer <<= n;
        bits -= n;
        return value;
    }

    /**
     * Tops the buffer up to more than 56 bits: as many whole bytes as fit at once from an 8-byte word
     * when none of its bytes is 0xFF (almost always), else byte by byte, stuffed 0xFF00 being one 0xFF byte.
     */
    private void fill() {
        if (bits <= 32 && pos + 8 <= data.length && padding == 0) {
            long word = (long) BIG_ENDIAN_LONG.get(data, pos);
            if (((~word - 0x0101010101010101L) & word & 0x8080808080808080L) == 0) { // no byte of the word is 0xFF
                int bytes = (64 - bits) >> 3;
                buffer |= (word & -1L << (64 - 8 * bytes)) >>> bits;
                bits += 8 * bytes;
                pos += bytes;
                return;
            }
        }
        fillBytes();
    }

    private void fillBytes() {
        byte[] d = data;
        int p = pos;
        long b = buffer;
        int n = bits;
        int last = d.length - 1;
        while (n <= 56 && p < last && padding == 0) { // the common case: a byte, and the one after it, in the data
            int v = d[p] & 0xff;
            if (v != 0xff) {
                p++;
            } else if (d[p + 1] == 0) {
                p += 2;
            } else {
                break; // a marker: the data ends here
            }
            b |= (long) v << (56 - n);
            n += 8;
        }
        pos = p;
        buffer = b;
        bits = n;
        if (n <= 56) {
            fillSlowly();
        }
    }

    /** {@link #fillBytes} at the end of the data: past it (or past a marker), zero bits, counted in {@link #padding}. */
    private void fillSlowly() {
        while (bits <= 56) {
            if (pos < data.length && padding == 0) {
                int b = data[pos] & 0xff;
                if (b != 0xff) {
                    pos++;
                } else if (pos + 1 < data.length && data[pos + 1] == 0) {
                    pos += 2;
                } else {
                    b = 0;
                    padding += 8;
                }
                buffer |= (long) b << (56 - bits);
            } else {
                padding += 8;
            }
            bits += 8;
        }
    }
}
