package io.sightline.image;

/**
 * One axis of {@link JpegReducer}'s resize, in pixels of the stored picture: Pillow's antialiased
 * bilinear from {@code in} to {@code out} samples, of which outputs {@code start .. start+crop-1}
 * are kept. Output o weighs the pixel centred at p by {@code t(o, p) = max(0, 1 - |p - c(o)| / s)},
 * {@code c(o) = (o + 0.5) * s}, {@code s = in / out}, and divides by the sum of its weights
 * ({@link #total}).
 *
 * <p>Because the resize is linear and the block's samples are a sum of basis functions, a block of
 * a component sampled once per {@code ratio} pixels feeds output o through 8 numbers per axis, the
 * basis functions weighed by the output's tent: {@code folded[u] = sum over the block's pixels p of
 * t(o, p) * B[u][sample of p]} (chroma repeated over the pixels a sample covers). This class keeps,
 * per block, the kept outputs it feeds and those numbers; and, for luma-sized blocks, the tent
 * weights of the 8 pixels themselves.
 */
final class JpegAxis {
    /** Per crop output: the sum of its weights. */
    final double[] total;
    /** Per ratio (1, 2), block: crop-relative outputs fed. */
    final int[][][] outputs = new int[3][][];
    /** Per ratio, block, fed output: the 8 folded weights. */
    final float[][][][] folded = new float[3][][][];
    /** Per ratio, block: the folded weights of its fed outputs one after the other (8 each). */
    final float[][][] flat = new float[3][][];
    /** Per ratio, block: whether it feeds a kept output. */
    private final boolean[][] feeds = new boolean[3][];
    /** Per luma block, fed output (as in outputs[1]): the weights of its 8 pixels. */
    final float[][][] pixels;

    /** Recently used axes (a service sees the same few picture sizes again and again). */
    private static final java.util.Map<java.util.List<Integer>, JpegAxis> RECENT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int RECENT_MAX = 32;

    private final int in;
    private final double s;
    private final int start;
    private final int crop;

    /** The axis for these sizes: immutable, so shared. */
    static JpegAxis of(int in, int out, int start, int crop) {
        java.util.List<Integer> key = java.util.List.of(in, out, start, crop);
        JpegAxis axis = RECENT.get(key);
        if (axis == null) {
            if (RECENT.size() >= RECENT_MAX) {
                RECENT.clear();
            }
            axis = new JpegAxis(in, out, start, crop);
            RECENT.put(key, axis);
        }
        return axis;
    }

    private JpegAxis(int in, int out, int start, int crop) {
        this.in = in;
        this.s = (double) in / out;
        this.start = start;
        this.crop = crop;
        total = new double[crop];
        for (int k = 0; k < crop; k++) {
            total[k] = weights(k, 0, in, 1, null);
        }
        for (int ratio = 1; ratio <= 2; ratio++) {
            int span = 8 * ratio;
            int blocks = (in + span - 1) / span;
            outputs[ratio] = new int[blocks][];
            folded[ratio] = new float[blocks][][];
            feeds[ratio] = new boolean[blocks];
            flat[ratio] = new float[blocks][];
            for (int b = 0; b < blocks; b++) {
                fold(ratio, b);
                feeds[ratio][b] = outputs[ratio][b].length > 0;
                flat[ratio][b] = new float[8 * outputs[ratio][b].length];
                for (int j = 0; j < outputs[ratio][b].length; j++) {
                    System.arraycopy(folded[ratio][b][j], 0, flat[ratio][b], 8 * j, 8);
                }
            }
        }
        pixels = new float[outputs[1].length][][];
        for (int b = 0; b < pixels.length; b++) {
            pixels[b] = new float[outputs[1][b].length][8];
            for (int j = 0; j < outputs[1][b].length; j++) {
                for (int i = 0; i < 8 && 8 * b + i < in; i++) {
                    pixels[b][j][i] = (float) tent(outputs[1][b][j], 8 * b + i);
                }
            }
        }
    }

    /** True when luma block b (ratio 1) or chroma block b (ratio 2) feeds a kept output. */
    boolean needed(int ratio, int b) {
        return b < feeds[ratio].length && feeds[ratio][b];
    }

    private void fold(int ratio, int b) {
        int first = 8 * ratio * b;
        int end = Math.min(in, first + 8 * ratio);
        int lowest = Math.max(0, (int) Math.floor((first + 0.5) / s - 1.5) - start);
        int highest = Math.min(crop - 1, (int) Math.ceil((end - 0.5) / s + 0.5) - start);
        int[] fed = new int[Math.max(0, highest - lowest + 1)];
        float[][] sums = new float[fed.length][8];
        int n = 0;
        for (int k = lowest; k <= highest; k++) {
            float[] u = new float[8];
            if (weights(k, first, end, ratio, u) > 0) {
                fed[n] = k;
                sums[n++] = u;
            }
        }
        outputs[ratio][b] = java.util.Arrays.copyOf(fed, n);
        folded[ratio][b] = java.util.Arrays.copyOf(sums, n);
    }

    /**
     * The sum of kept output k's weights over pixels first .. end-1; with {@code basis} non-null, also
     * the weights times each basis function at the sample (of a block starting at {@code first}
     * sampled once per {@code ratio} pixels) under each pixel.
     */
    private double weights(int k, int first, int end, int ratio, float[] basis) {
        double centre = (start + k + 0.5) * s;
        double sum = 0;
        double[] folded = new double[8];
        for (int i = Math.max(first, (int) (centre - s)); i < Math.min(end, (int) (centre + s) + 1); i++) {
            double t = tent(k, i);
            sum += t;
            if (basis != null && t > 0) {
                for (int u = 0; u < 8; u++) {
                    folded[u] += t * JpegBasis.B[u][(i - first) / ratio];
                }
            }
        }
        if (basis != null) {
            for (int u = 0; u < 8; u++) {
                basis[u] = (float) folded[u];
            }
        }
        return sum;
    }

    private double tent(int k, int i) {
        double centre = (start + k + 0.5) * s;
        return Math.max(0, 1 - Math.abs(i + 0.5 - centre) / s);
    }
}
