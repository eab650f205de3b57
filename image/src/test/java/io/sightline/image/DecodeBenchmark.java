package io.sightline.image;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A measurement, not a test: milliseconds per picture for decode + preprocess on one thread, for
 * JPEGs of 0.3, 2 and 12 megapixels and a 2 megapixel PNG (photo-like content, generated here):
 * <ul>
 *   <li>pipeline: {@link ImagePipeline#decodeInto}, what serving and training run (a big baseline
 *       JPEG takes the DCT-domain fast path, {@link JpegReducer}; everything else the exact path);</li>
 *   <li>exact: full decode then {@link Preprocessor} (torchvision's preprocessing bit for bit);</li>
 *   <li>subsampled: {@link ImageDecoder#decodeAtLeast} then {@link Preprocessor}, the former fast
 *       path (drops pixels before the resize: aliasing), kept for comparison.</li>
 * </ul>
 * Each figure: warm-up, then the best of five 1-second rounds (wall clock and this thread's CPU
 * time), so that other processes on a shared machine disturb it less.
 *
 * <p>Run: {@code ./mvnw -o -q -pl image -am install -DskipTests}, {@code ./mvnw -o -q -pl image
 * dependency:build-classpath -Dmdep.outputFile=cp.txt}, then {@code taskset -c 0 java
 * -XX:ActiveProcessorCount=1 -cp "image/target/test-classes:image/target/classes:$(cat cp.txt)"
 * io.sightline.image.DecodeBenchmark}.
 */
public final class DecodeBenchmark {
    private static final int[][] SIZES = {{640, 480}, {1600, 1200}, {4000, 3000}};
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecodeBenchmark() {
    }

    public static void main(String[] args) {
        Preprocessing p = Preprocessing.imagenet();
        ImageDecoder decoder = new ImageDecoder();
        ImagePipeline pipeline = new ImagePipeline(decoder, new Preprocessor(p));
        Preprocessor preprocessor = new Preprocessor(p);
        TensorBatch batch = new TensorBatch(p, 1);
        System.out.println("| picture | bytes | pipeline wall / CPU (ms) | exact wall / CPU (ms) | subsampled wall / CPU (ms) |");
        System.out.println("|---|---|---|---|---|");
        for (int[] size : SIZES) {
            BufferedImage image = FastPathTest.photoLike(size[0], size[1]);
            report(String.format(Locale.ROOT, "JPEG %dx%d (%.1f MP)", size[0], size[1], size[0] * size[1] / 1e6),
                    Fixtures.jpeg(image), pipeline, decoder, preprocessor, batch);
        }
        BufferedImage png = FastPathTest.photoLike(1600, 1200);
        report("PNG 1600x1200 (1.9 MP)", Fixtures.write(png, "png"), pipeline, decoder, preprocessor, batch);
    }

    private static void report(String name, byte[] bytes, ImagePipeline pipeline, ImageDecoder decoder,
            Preprocessor preprocessor, TensorBatch batch) {
        int resize = preprocessor.preprocessing().resizeShorter();
        double[] fast = time(() -> pipeline.decodeInto(bytes, name, batch, 0));
        double[] exact = time(() -> preprocessor.write(decoder.decode(bytes, name), batch.buffer(), 0));
        double[] subsampled = time(() -> preprocessor.write(decoder.decodeAtLeast(bytes, name, resize), batch.buffer(), 0));
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |%n", name, bytes.length,
                fast[0], fast[1], exact[0], exact[1], subsampled[0], subsampled[1]);
    }

    /** Best wall and best CPU milliseconds per run over five 1-second rounds, after a 1-second warm-up. */
    private static double[] time(Runnable work) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            work.run();
        }
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            int runs = 0;
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long end;
            do {
                work.run();
                runs++;
                end = System.nanoTime();
            } while (end - start < 1_000_000_000L || runs < 3);
            bestWall = Math.min(bestWall, (end - start) / 1e6 / runs);
            bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / runs);
        }
        return new double[] {bestWall, bestCpu};
    }
}
