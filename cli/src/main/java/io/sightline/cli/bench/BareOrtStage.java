package io.sightline.cli.bench;

import io.sightline.image.TensorBatch;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Step 1: the end-to-end model on a ready direct tensor (no decode, no copy), at each batch size, on
 * the session configuration the inference service uses. The best batch is the reference of the run.
 */
final class BareOrtStage {
    static final int MIN_RUNS = 3;

    private final SessionConfig session;
    private final List<Integer> batchSizes;
    private final Duration perBatch;

    BareOrtStage(SessionConfig session, List<Integer> batchSizes, Duration perBatch) {
        this.session = session;
        this.batchSizes = List.copyOf(batchSizes);
        this.perBatch = perBatch;
    }

    /** What the stage measured, plus the provider used and the median of one picture at batch 1. */
    record Outcome(BenchResult.BareOrt result, ExecutionProvider provider, double batchOneP50Ms) {
    }

    Outcome run(BenchModel model, Progress progress) {
        int largest = batchSizes.stream().max(Integer::compare).orElseThrow();
        List<BenchResult.BareOrtBatch> batches = new ArrayList<>();
        double batchOneP50 = Double.NaN;
        try (ClassifierModel classifier = ClassifierModel.open(model.model(), session)) {
            TensorBatch input = new TensorBatch(classifier.preprocessing(), largest);
            fillRandom(input.buffer(), 7);
            for (int batch : batchSizes) {
                progress.line("bare ONNX Runtime, batch " + batch + " (" + classifier.provider() + ")");
                BenchResult.BareOrtBatch measured = measure(classifier, input, batch);
                batches.add(measured);
                if (batch == 1) {
                    batchOneP50 = measured.latencyMs().p50();
                }
            }
            BenchResult.BareOrtBatch best = batches.stream()
                    .max(Comparator.comparingDouble(BenchResult.BareOrtBatch::imagesPerSecond)).orElseThrow();
            return new Outcome(new BenchResult.BareOrt(best.imagesPerSecond(), best.batchSize(), batches),
                    classifier.provider(), batchOneP50);
        }
    }

    private BenchResult.BareOrtBatch measure(ClassifierModel classifier, TensorBatch input, int batch) {
        FloatBuffer slice = input.slice(batch);
        classifier.probabilities(slice, batch); // first run: allocation and kernel choice for this shape
        LatencyRecorder latency = new LatencyRecorder();
        long deadline = System.nanoTime() + perBatch.toNanos();
        long total = 0;
        while (latency.count() < MIN_RUNS || System.nanoTime() < deadline) {
            long started = System.nanoTime();
            classifier.probabilities(slice, batch);
            long took = System.nanoTime() - started;
            total += took;
            latency.recordNanos(took);
        }
        double imagesPerSecond = Rate.perSecond((long) latency.count() * batch, total);
        return new BenchResult.BareOrtBatch(batch, Rate.round(imagesPerSecond, 2), latency.count(),
                BenchResult.Latency.of(latency.percentiles()));
    }

    static void fillRandom(FloatBuffer buffer, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (float) random.nextDouble());
        }
    }
}
