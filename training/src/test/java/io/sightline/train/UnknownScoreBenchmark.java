package io.sightline.train;

import io.sightline.contract.ImageIds;
import io.sightline.image.FolderScanner;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.LabelledFile;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Reliability;
import io.sightline.metrics.RocAuc;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneCache;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.FeatureExtractor;
import io.sightline.onnx.SessionConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Compares unknown scores on a labelled folder with one label held out of training: the trainer's split (seed 2,
 * test 0.2), the head trained and calibrated as the trainer does, then the AUROC of each score for telling the
 * held-out label's pictures from the known test pictures, and for the detector the share caught at its threshold.
 * Not a test.
 *
 * <p>Usage: {@code java -cp <test classpath> io.sightline.train.UnknownScoreBenchmark FOLDER LABEL [BACKBONE]}
 * (backbone default {@code generated}); the folder from {@code scripts/sample-folder.sh}.
 */
public final class UnknownScoreBenchmark {
    private static final long SEED = 2;
    private static final double TEST_FRACTION = 0.2;

    private UnknownScoreBenchmark() {
    }

    private record Row(String imageId, String label, float[] features) {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        String holdout = args[1];
        String spec = args.length > 2 ? args[2] : BackboneResolver.GENERATED;
        Backbone backbone = new BackboneResolver(BackboneCache.directory()).resolve(spec);
        List<Row> rows = embed(folder, backbone);
        List<String> labels = List.copyOf(new TreeSet<>(rows.stream().map(Row::label).filter(l -> !l.equals(holdout)).toList()));
        List<Row> train = new ArrayList<>();
        List<Row> test = new ArrayList<>();
        List<Row> unknown = new ArrayList<>();
        for (Row row : rows) {
            if (row.label().equals(holdout)) {
                unknown.add(row);
            } else if (Split.assign(row.imageId(), SEED, TEST_FRACTION, 0) == Split.Set.TEST) {
                test.add(row);
            } else {
                train.add(row);
            }
        }
        TrainingData trainData = data(train, labels);
        TrainingData testData = data(test, labels);
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults().withSeed(SEED));
        TrainingResult trained = trainer.train(trainData, TrainingData.empty(), labels, null);
        TrainedHead head = trained.head();
        System.out.printf(Locale.ROOT, "backbone %s, %d train, %d known test, %d unknown (%s)%n", backbone.id(),
                train.size(), test.size(), unknown.size(), holdout);
        long started = System.nanoTime();
        HeadCalibrator.Calibrated calibrated = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS,
                HeadCalibrator.DEFAULT_FALSE_UNKNOWN_RATE).calibrate(trained, trainData, TrainingData.empty(), labels);
        System.out.printf(Locale.ROOT, "calibration %.1f s: temperature %.3f, ECE on test %.4f -> %.4f%n",
                (System.nanoTime() - started) / 1e9, calibrated.temperature(), ece(head, testData),
                ece(calibrated.head(), testData));
        TrainedHead scaled = calibrated.head();
        report("max-softmax (1 - max p)", test, unknown, x -> 1 - max(scaled.probabilities(x)));
        report("energy (-logsumexp logits)", test, unknown, x -> -logSumExp(scaled.logits(x)));
        report("detector (chosen)", test, unknown, calibrated.detector()::score);
        double threshold = calibrated.detector().threshold();
        System.out.printf(Locale.ROOT, "  threshold %.4f: unknown caught %.3f, known test called unknown %.3f%n",
                threshold, share(unknown, calibrated.detector(), threshold), share(test, calibrated.detector(), threshold));
        for (int components : new int[] {0, 16, 64}) {
            for (double shrink : new double[] {0.1, 0.3, 1, 3}) {
                if (components == 0 && shrink != 1) {
                    continue;
                }
                UnknownDetector detector = UnknownDetector.fit(trainData.features(), trainData.labels(), labels.size(),
                        head.featureMean(), head.featureStd(), new UnknownDetector.Options(components, shrink, 512));
                report(String.format(Locale.ROOT, "mahalanobis k=%d shrink=%.1f", components, shrink), test, unknown,
                        detector::score);
            }
        }
    }

    private static double share(List<Row> rows, UnknownDetector detector, double threshold) {
        return rows.stream().filter(r -> detector.score(r.features()) > threshold).count() / (double) rows.size();
    }

    private static double ece(TrainedHead head, TrainingData data) {
        double[][] p = new double[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            p[i] = head.probabilities(data.features()[i]);
        }
        return Reliability.of(p, data.labels(), Reliability.DEFAULT_BINS).ece();
    }

    private static void report(String name, List<Row> known, List<Row> unknown, ToDoubleFunction<float[]> score) {
        boolean[] positive = new boolean[known.size() + unknown.size()];
        double[] scores = new double[positive.length];
        for (int i = 0; i < known.size(); i++) {
            scores[i] = score.applyAsDouble(known.get(i).features());
        }
        for (int i = 0; i < unknown.size(); i++) {
            positive[known.size() + i] = true;
            scores[known.size() + i] = score.applyAsDouble(unknown.get(i).features());
        }
        System.out.printf(Locale.ROOT, "  %-32s AUROC %.3f%n", name, RocAuc.binary(positive, scores));
    }

    private static double max(double[] values) {
        return values[Evaluation.argMax(values)];
    }

    private static double logSumExp(double[] values) {
        double max = max(values);
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static TrainingData data(List<Row> rows, List<String> labels) {
        return new TrainingData(rows.stream().map(Row::features).toArray(float[][]::new),
                rows.stream().mapToInt(r -> labels.indexOf(r.label())).toArray());
    }

    private static List<Row> embed(Path folder, Backbone backbone) throws Exception {
        List<LabelledFile> files = new FolderScanner().scan(folder).files();
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), backbone.preprocessing());
        List<Row> rows = new ArrayList<>();
        int values = backbone.preprocessing().valuesPerImage();
        try (FeatureExtractor extractor = FeatureExtractor.open(backbone, SessionConfig.cpu())) {
            int batch = 16;
            for (int start = 0; start < files.size(); start += batch) {
                List<LabelledFile> chunk = files.subList(start, Math.min(files.size(), start + batch));
                FloatBuffer input = ByteBuffer.allocateDirect(chunk.size() * values * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                List<String> ids = new ArrayList<>();
                for (LabelledFile file : chunk) {
                    byte[] bytes = Files.readAllBytes(file.path());
                    ids.add(ImageIds.of(bytes));
                    input.put(pipeline.tensor(bytes, file.relativePath()));
                }
                input.rewind();
                float[][] features = extractor.extract(input, chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    rows.add(new Row(ids.get(i), chunk.get(i).label(), features[i]));
                }
            }
        }
        return rows;
    }
}
