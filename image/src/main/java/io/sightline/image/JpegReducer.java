package io.sightline.image;

/**
 * The fast path for big JPEGs: torchvision's Resize + CenterCrop computed from the JPEG's DCT
 * coefficients, without decoding the picture to pixels. Huffman decoding still reads every
 * coefficient, but instead of an inverse DCT per block and a per-pixel resize, each 8 x 8 block is
 * weighed whole: the resize is linear, and between two output centres its weights are linear in the
 * pixel position, so a block contributes exactly through a few sums of its coefficients against
 * precomputed basis sums (see {@link JpegAxis}, {@link JpegMcu}). Where the decoder may clamp a
 * sample, the MCU is also decoded to pixels and the clamping added as a correction ({@link JpegClamp}). What remains different from
 * Pillow: chroma is repeated over the pixels it covers (libjpeg interpolates it, "fancy
 * upsampling"), the inverse DCT and colour conversion round differently, and the horizontal pass is
 * not rounded to 8 bits; docs/architecture.md gives the measured distance.
 *
 * <p>Taken only where it pays and is exact enough: baseline (or extended sequential) Huffman JPEG,
 * grey or YCbCr with luma sampled once or twice per chroma sample, and a resize that shrinks by
 * {@link #MIN_SCALE} or more on both axes. Anything else, and any data the
 * decoder finds wrong, returns null: the caller decodes with ImageIO, which refuses what is damaged.
 */
final class JpegReducer {
    /**
     * Shrinking less than this, the repeated chroma shows: at 4, the colour rings of the golden
     * fixture rings-1600 come out at a 99th percentile of 0.07 (target 0.05); at 8 and more, 0.0175.
     */
    static final int MIN_SCALE = 8;

    private JpegReducer() {
    }

    /** The model input (NCHW 0..1, as shown after EXIF orientation), or null where this path does not apply. */
    static float[] tensor(byte[] bytes, int orientation, Preprocessing preprocessing) {
        JpegHeader header = JpegHeader.parse(bytes);
        if (header == null) {
            return null;
        }
        boolean swap = ExifOrientation.swapsDimensions(orientation);
        int shownWidth = swap ? header.height : header.width;
        int shownHeight = swap ? header.width : header.height;
        int crop = preprocessing.crop();
        Preprocessor.Geometry g = Preprocessor.Geometry.of(shownWidth, shownHeight, preprocessing.resizeShorter(), crop);
        if (shownWidth < MIN_SCALE * g.width() || shownHeight < MIN_SCALE * g.height()) {
            return null;
        }
        // Stored x is shown x (orientations 1-4) or shown y (5-8); flipped for 2, 3, 7, 8; stored y: 3, 4, 6, 7.
        boolean flipX = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
        boolean flipY = orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
        int outX = swap ? g.height() : g.width();
        int outY = swap ? g.width() : g.height();
        int startX = swap ? g.top() : g.left();
        int startY = swap ? g.left() : g.top();
        JpegAxis x = JpegAxis.of(header.width, outX, flipX ? outX - crop - startX : startX, crop);
        JpegAxis y = JpegAxis.of(header.height, outY, flipY ? outY - crop - startY : startY, crop);
        JpegAccumulator sums = new JpegAccumulator(x, y, crop, header.vs[0]);
        try {
            if (!decode(bytes, header, x, y, sums)) {
                return null;
            }
        } catch (RuntimeException damaged) {
            return null; // data no well-formed JPEG has (a table it does not define, ...): ImageIO decides
        }
        return orient(sums.tensor(header.components == 1), crop, orientation);
    }

    private static boolean decode(byte[] bytes, JpegHeader h, JpegAxis x, JpegAxis y, JpegAccumulator sums) {
        JpegEntropy entropy = new JpegEntropy(bytes, h.scanStart);
        JpegMcu mcu = new JpegMcu(h, x, y, sums);
        int mcuWidth = 8 * h.hs[0];
        int mcuHeight = 8 * h.vs[0];
        int columns = (h.width + mcuWidth - 1) / mcuWidth;
        int mcuRows = (h.height + mcuHeight - 1) / mcuHeight;
        int[] predictors = new int[h.components];
        // per block of an MCU: its component and tables
        int blocks = h.hs[0] * h.vs[0] + (h.components == 3 ? 2 : 0);
        int[] component = new int[blocks];
        float[][] quants = new float[blocks][];
        JpegHuffman[] dcs = new JpegHuffman[blocks];
        JpegHuffman[] acs = new JpegHuffman[blocks];
        for (int c = 0, b = 0; c < h.components; c++) {
            for (int i = 0; i < h.hs[c] * h.vs[c]; i++, b++) {
                component[b] = c;
                quants[b] = h.quant[h.quantTable[c]];
                dcs[b] = h.dc[h.dcTable[c]];
                acs[b] = h.ac[h.acTable[c]];
            }
        }
        boolean[] columnNeeded = new boolean[columns];
        for (int column = 0; column < columns; column++) {
            columnNeeded[column] = needed(x, column, h.hs[0]);
        }
        int done = 0;
        int restarts = 0;
        for (int row = 0; row < mcuRows; row++) {
            boolean rowNeeded = false;
            for (int ty = 0; ty < h.vs[0]; ty++) {
                rowNeeded |= y.needed(1, row * h.vs[0] + ty);
            }
            for (int column = 0; column < columns; column++) {
                if (h.restartInterval > 0 && done > 0 && done % h.restartInterval == 0) {
                    if (!entropy.atRestart(restarts++)) {
                        return false;
                    }
                    java.util.Arrays.fill(predictors, 0);
                }
                if (rowNeeded && columnNeeded[column]) {
                    for (int b = 0; b < blocks; b++) {
                        int c = component[b];
                        predictors[c] = entropy.block(dcs[b], acs[b], quants[b], predictors[c], mcu.blocks[b], mcu.rows[b]);
                        mcu.decoded(b, entropy);
                    }
                    mcu.weigh(column, row);
                } else {
                    for (int b = 0; b < blocks; b++) {
                        int c = component[b];
                        predictors[c] = entropy.skip(dcs[b], acs[b], predictors[c]);
                    }
                }
                done++;
            }
            if (!entropy.valid()) {
                return false;
            }
            sums.flush(row * h.vs[0], row, h.vs[0], h.components == 3);
        }
        return entropy.atEnd();
    }

    private static boolean needed(JpegAxis x, int column, int blocksPerMcu) {
        for (int t = 0; t < blocksPerMcu; t++) {
            if (x.needed(1, column * blocksPerMcu + t)) {
                return true;
            }
        }
        return false;
    }

    /** The stored-orientation crop as it is shown (square, so only indices move). */
    private static float[] orient(float[] stored, int crop, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int plane = crop * crop;
        float[] shown = new float[stored.length];
        for (int c = 0; c < 3; c++) {
            for (int yy = 0; yy < crop; yy++) {
                for (int xx = 0; xx < crop; xx++) {
                    shown[c * plane + yy * crop + xx] = stored[c * plane + Orientation.sourceIndex(orientation, xx, yy, crop, crop)];
                }
            }
        }
        return shown;
    }
}
