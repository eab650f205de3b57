package io.sightline.image;

import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A measurement, not a test: milliseconds per picture for decode + preprocess on one thread, full
 * decode versus the {@link ImageDecoder#decodeAtLeast} fast path, for JPEGs of 0.3, 2 and 12
 * megapixels and a 2 megapixel PNG (photo-like content, generated here).
 *
 * <p>Run: {@code ./mvnw -o -q -pl common test-compile} then
 * {@code java -cp "image/target/test-classes:image/target/classes:$(cat cp.txt)" io.sightline.image.DecodeBenchmark}
 * (cp.txt from {@code dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class DecodeBenchmark {
    private static final int[][] SIZES = {{640, 480}, {1600, 1200}, {4000, 3000}};

    private DecodeBenchmark() {
    }

    public static void main(String[] args) {
        ImageDecoder decoder = new ImageDecoder();
        Preprocessing p = Preprocessing.imagenet();
        Preprocessor preprocessor = new Preprocessor(p);
        TensorBatch batch = new TensorBatch(p, 1);
        System.out.println("| picture | bytes | full decode + preprocess (ms) | decode only (ms) | fast path decode + preprocess (ms) | fast decode only (ms) |");
        System.out.println("|---|---|---|---|---|---|");
        for (int[] size : SIZES) {
            BufferedImage image = FastPathTest.photoLike(size[0], size[1]);
            report(String.format(Locale.ROOT, "JPEG %dx%d (%.1f MP)", size[0], size[1], size[0] * size[1] / 1e6),
                    Fixtures.jpeg(image), decoder, preprocessor, batch);
        }
        BufferedImage png = FastPathTest.photoLike(1600, 1200);
        report("PNG 1600x1200 (1.9 MP)", Fixtures.write(png, "png"), decoder, preprocessor, batch);
    }

    private static void report(String name, byte[] bytes, ImageDecoder decoder, Preprocessor preprocessor, TensorBatch batch) {
        int resize = preprocessor.preprocessing().resizeShorter();
        double full = time(() -> preprocessor.write(decoder.decode(bytes, name), batch.buffer(), 0));
        double fullDecode = time(() -> decoder.decode(bytes, name));
        double fast = time(() -> preprocessor.write(decoder.decodeAtLeast(bytes, name, resize), batch.buffer(), 0));
        double fastDecode = time(() -> decoder.decodeAtLeast(bytes, name, resize));
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, bytes.length, full, fullDecode, fast, fastDecode);
    }

    /** Median-free simple timing: warm up for about a second, then average over about two seconds. */
    private static double time(Runnable work) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            work.run();
        }
        int runs = 0;
        long start = System.nanoTime();
        long end;
        do {
            work.run();
            runs++;
            end = System.nanoTime();
        } while (end - start < 2_000_000_000L || runs < 3);
        return (end - start) / 1e6 / runs;
    }
}
