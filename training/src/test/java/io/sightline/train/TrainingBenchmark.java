package io.sightline.train;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Measures head training on synthetic 2048-wide embeddings, 10 classes. Not a test.
 *
 * <p>Usage: {@code java -Xmx2g -cp training/target/classes:training/target/test-classes
 * io.sightline.train.TrainingBenchmark [rows...]} (default 10000). A 5% validation set is drawn on top of the
 * rows, as TuriCreate would hold out.
 */
public final class TrainingBenchmark {

    private static final int DIM = 2048;
    private static final int CLASSES = 10;

    private TrainingBenchmark() {
    }

    /** Ten random centres of norm 3 in 2048 dimensions: overlapping enough to need many iterations. */
    private static double[][] centres() {
        Random random = new Random(1);
        double[][] centres = new double[CLASSES][DIM];
        for (double[] centre : centres) {
            for (int d = 0; d < DIM; d++) {
                centre[d] = random.nextGaussian() * 3 / Math.sqrt(DIM);
            }
        }
        return centres;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        List<String> labels = IntStream.range(0, CLASSES).mapToObj(i -> "class-" + i).toList();
        for (int rows : sizes) {
            double[][] centres = centres();
            TrainingData train = Synthetic.sample(rows, centres, new Random(2));
            TrainingData validation = Synthetic.sample(Math.max(1, rows / 20), centres, new Random(3));
            boolean small = rows <= 20_000;
            List<TrainingOptions> runs = new java.util.ArrayList<>();
            runs.add(TrainingOptions.defaults());                               // warm-up + defaults
            runs.add(TrainingOptions.defaults().withEarlyStoppingPatience(0));  // train to the tolerance
            if (small) {
                runs.add(TrainingOptions.defaults());
                // Worst case: no early stopping, unreachable tolerance -> the whole 100-iteration budget.
                runs.add(TrainingOptions.defaults().withEarlyStoppingPatience(0).withGradientTolerance(1e-15));
            }
            for (TrainingOptions options : runs) {
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                TrainingResult result = new LogisticRegressionTrainer(options).train(train, validation, labels, null);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                IterationProgress last = result.history().get(result.history().size() - 1);
                System.out.printf(Locale.ROOT,
                        "rows=%d dim=%d classes=%d threads=%d patience=%d tol=%.0e: %.2f s wall, %.2f s CPU, %d iterations (%.3f s/iteration),"
                                + " stop=%s, gradNorm=%.2e, trainAcc=%.4f, valAcc=%.4f, maxHeapMB=%d%n",
                        rows, DIM, CLASSES, options.threads(), options.earlyStoppingPatience(), options.gradientTolerance(), seconds, cpuSeconds, result.iterations(),
                        seconds / Math.max(1, result.iterations()), result.stopReason(), result.finalGradientNorm(),
                        last.trainAccuracy(), last.validationAccuracy(),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
        }
    }
}
