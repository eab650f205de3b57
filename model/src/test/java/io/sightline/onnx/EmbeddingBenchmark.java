package io.sightline.onnx;

import io.sightline.contract.ImageIds;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Embedding throughput of the generated ResNet-50 at 224x224: {@link FeatureExtractor#extract}
 * against a bare {@link OrtSession#run} on the same pre-made input (tensor created once, result
 * closed, output not read), same session options, batch 1, 8 and 32. Runs of the two alternate one
 * by one (order swapped every pair) so that load from other processes hits both; reports the median
 * and the best per-run throughput. Measures, does not assert.
 *
 * <p>Run: {@code java -cp model/target/test-classes:model/target/classes:<deps> io.sightline.onnx.EmbeddingBenchmark [threads] [imagesPerSide]}
 */
public final class EmbeddingBenchmark {
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int imagesPerMode = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int[] batches = {1, 8, 32};
        SessionConfig config = SessionConfig.cpu().withIntraOpThreads(threads);

        long start = System.nanoTime();
        byte[] bytes = OnnxGraphs.toBytes(GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED));
        System.out.printf("built generated ResNet-50 (%d MB) in %.1f s%n", bytes.length >> 20, (System.nanoTime() - start) / 1e9);
        Path file = Files.createTempFile("generated-resnet50", ".onnx");
        Files.write(file, bytes);
        Backbone backbone = new Backbone("generated-resnet50", file, ImageIds.sha256Hex(bytes), false, 2048,
                io.sightline.image.Preprocessing.imagenet());
        List<String> lines = new ArrayList<>();
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, config);
                OrtSession.SessionOptions options = OnnxSessions.options(config, false);
                OrtSession bare = OnnxSessions.environment().createSession(file.toString(), options)) {
            for (int batch : batches) {
                FloatBuffer pixels = TestModels.randomPictures(batch, 224, batch);
                long[] shape = {batch, 3, 224, 224};
                int pairs = Math.max(2, imagesPerMode / batch);
                try (OnnxTensor tensor = OnnxTensor.createTensor(OnnxSessions.environment(), pixels, shape)) {
                    Map<String, OnnxTensor> inputs = Map.of(bare.getInputNames().iterator().next(), tensor);
                    // warm-up both
                    for (int i = 0; i < Math.max(1, 4 / batch); i++) {
                        try (OrtSession.Result r = bare.run(inputs)) {
                            r.get(0);
                        }
                        extractor.extract(pixels, batch);
                    }
                    // interleaved pairs: other load on the machine hits both sides alike
                    double[] bareRates = new double[pairs];
                    double[] extractorRates = new double[pairs];
                    for (int pair = 0; pair < pairs; pair++) {
                        boolean bareFirst = pair % 2 == 0;
                        for (int k = 0; k < 2; k++) {
                            long t0 = System.nanoTime();
                            if ((k == 0) == bareFirst) {
                                try (OrtSession.Result r = bare.run(inputs)) {
                                    r.get(0);
                                }
                                bareRates[pair] = batch / ((System.nanoTime() - t0) / 1e9);
                            } else {
                                float[][] features = extractor.extract(pixels, batch);
                                if (features.length != batch) {
                                    throw new IllegalStateException();
                                }
                                extractorRates[pair] = batch / ((System.nanoTime() - t0) / 1e9);
                            }
                        }
                    }
                    double b = median(bareRates);
                    double f = median(extractorRates);
                    double bBest = Arrays.stream(bareRates).max().orElseThrow();
                    double fBest = Arrays.stream(extractorRates).max().orElseThrow();
                    String line = String.format("| %d | %.1f | %.1f | %.3f | %.1f | %.1f | %.3f | %d |", batch, b, f, f / b,
                            bBest, fBest, fBest / bBest, pairs * batch);
                    System.out.println(line);
                    lines.add(line);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println();
        System.out.println("| batch | bare, median (images/s) | FeatureExtractor, median (images/s) | ratio | bare, best | FeatureExtractor, best | ratio (best) | images per side |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
        System.out.printf("threads %d, total %.1f s%n", threads, (System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

}
