package io.sightline.image;

/**
 * One Huffman table of a JPEG (ITU T.81 annex C), with a {@link #LOOKUP_BITS}-bit lookup for short
 * codes and, for AC tables, a lookup that also decodes the coefficient when code and magnitude bits
 * fit together (most coefficients), as fast decoders do.
 */
final class JpegHuffman {
    static final int LOOKUP_BITS = 10;

    /** Per peeked prefix: code length << 8 | symbol, or 0 when the code is longer. */
    final int[] lookup = new int[1 << LOOKUP_BITS];
    /** In a {@link #fastAc} entry: the run of end-of-block, which takes the position past 63. */
    static final int EOB_RUN = 0x80;

    /**
     * AC only, per peeked prefix: value << 16 | run << 8 | total length (code + magnitude bits), or 0
     * when that does not fit or the symbol is ZRL; end-of-block has run {@link #EOB_RUN} and value 0.
     */
    final int[] fastAc = new int[1 << LOOKUP_BITS];
    /**
     * AC only, per peeked prefix, for blocks that are only stepped over, two symbols at a time where
     * both fit the prefix: length of the first << 24 | positions it advances << 16 | positions both
     * advance << 8 | total length, whatever the magnitudes' sizes (one symbol: the same numbers
     * twice). A symbol advances run + 1 positions; end-of-block {@link #EOB_RUN}, ZRL 16. 0 when the
     * first code is longer than {@link #LOOKUP_BITS}.
     */
    final int[] skipAc = new int[1 << LOOKUP_BITS];
    /**
     * DC only, per peeked prefix: difference << 16 | 1 << 8 | total length (code + magnitude bits), or
     * 0 when that does not fit.
     */
    final int[] fastDc = new int[1 << LOOKUP_BITS];
    final int[] maxCode = new int[18];
    final int[] valueOffset = new int[17];
    final byte[] symbols;

    JpegHuffman(int[] counts, byte[] symbols) {
        this.symbols = symbols;
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++) {
            valueOffset[length] = k - code;
            for (int i = 0; i < counts[length]; i++, code++, k++) {
                if (length <= LOOKUP_BITS) {
                    int shift = LOOKUP_BITS - length;
                    for (int fill = 0; fill < 1 << shift; fill++) {
                        lookup[code << shift | fill] = length << 8 | symbols[k] & 0xff;
                    }
                }
            }
            maxCode[length] = counts[length] > 0 ? code - 1 : -1;
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
        if (k != symbols.length || code > 2 << 16) {
            throw new IllegalArgumentException("malformed Huffman table");
        }
        fillFast();
    }

    private void fillFast() {
        int[] single = new int[1 << LOOKUP_BITS];
        for (int prefix = 0; prefix < lookup.length; prefix++) {
            int entry = lookup[prefix];
            int length = entry >> 8;
            int run = (entry & 0xff) >> 4;
            int size = entry & 0x0f;
            if (entry == 0) {
                continue;
            }
            int dcSize = entry & 0xff;
            if (dcSize <= 11 && length + dcSize <= LOOKUP_BITS) {
                int dcBits = dcSize == 0 ? 0 : prefix >> (LOOKUP_BITS - length - dcSize) & ((1 << dcSize) - 1);
                fastDc[prefix] = (dcSize == 0 ? 0 : extend(dcBits, dcSize)) << 16 | 1 << 8 | (length + dcSize);
            }
            single[prefix] = size == 0 && run == 0 ? EOB_RUN << 8 | length : (run + 1) << 8 | (length + size);
            if (length + size > LOOKUP_BITS) {
                continue;
            }
            if (size == 0) {
                if (run == 0) {
                    fastAc[prefix] = EOB_RUN << 8 | length;
                }
                continue;
            }
            int bits = prefix >> (LOOKUP_BITS - length - size) & ((1 << size) - 1);
            fastAc[prefix] = extend(bits, size) << 16 | run << 8 | (length + size);
        }
        pairs(single);
    }

    /** Fills {@link #skipAc}: the symbol of each prefix, and the next one too where both fit the prefix. */
    private void pairs(int[] single) {
        int mask = (1 << LOOKUP_BITS) - 1;
        for (int prefix = 0; prefix < single.length; prefix++) {
            int first = single[prefix];
            if (first == 0) {
                continue;
            }
            int length = first & 0xff;
            int advance = first >> 8;
            int entry = length << 24 | advance << 16 | advance << 8 | length;
            if (advance != EOB_RUN && length < LOOKUP_BITS) {
                int second = single[prefix << length & mask]; // the bits past the prefix read as 0: only a second symbol within the prefix is kept
                if (second != 0 && length + (second & 0xff) <= LOOKUP_BITS) {
                    entry = length << 24 | advance << 16 | (advance + (second >> 8)) << 8 | (length + (second & 0xff));
                }
            }
            skipAc[prefix] = entry;
        }
    }

    /** T.81 figure F.12: the signed value of {@code size} magnitude bits. */
    static int extend(int bits, int size) {
        return bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
    }
}
