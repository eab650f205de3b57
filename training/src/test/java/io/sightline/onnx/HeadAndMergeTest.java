package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.BackboneInfo;
import io.sightline.image.Preprocessing;
import io.sightline.train.FeatureStandardizer;
import io.sightline.train.HeadGraph;
import io.sightline.train.TrainedHead;
import io.sightline.train.UnknownDetector;
import java.util.ArrayList;
import java.util.List;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeadAndMergeTest {

    @Test
    void exportedHeadMatchesTheJavaHead() {
        TrainedHead head = randomHead(4, 32, 9);
        SplittableRandom random = new SplittableRandom(2);
        int n = 6;
        FloatBuffer features = TestModels.direct(n * 32);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = TestModels.randoms(random, 32, 2f);
            features.put(rows[i]);
        }
        features.flip();
        try (OnnxModel model = OnnxSessions.open(OnnxGraphs.toBytes(HeadGraph.build(head)), SessionConfig.cpu())) {
            assertEquals(OnnxGraphs.FEATURES, model.inputName());
            assertEquals(OnnxGraphs.PROBABILITIES, model.outputName());
            float[][] probabilities = model.run(features, new long[] {n, 32});
            for (int i = 0; i < n; i++) {
                double[] expected = head.probabilities(rows[i]);
                double total = 0;
                for (int c = 0; c < 4; c++) {
                    assertEquals(expected[c], probabilities[i][c], 1e-5, "row " + i + " class " + c);
                    total += probabilities[i][c];
                }
                assertEquals(1.0, total, 1e-5);
            }
        }
    }

    @Test
    void mergedModelEqualsFeatureExtractorThenHead() {
        int size = 224;
        ModelProto extractor = TinyCnn.build(TinyCnn.DEFAULT_SEED, size);
        TrainedHead head = randomHead(3, TinyCnn.FEATURE_DIMENSION, 4);
        ModelProto headModel = HeadGraph.build(head);
        BackboneInfo backbone = new BackboneInfo("tiny-cnn", "ab".repeat(32), false);
        ModelMetadata metadata = new ModelMetadata(head.labels(), Preprocessing.imagenet(), backbone, "{\"run\":1}", null);
        ModelProto merged = ModelMerger.merge(extractor, headModel, metadata.toMap());
        assertEquals(13, OnnxGraphs.opset(merged));
        assertEquals(metadata, ModelMetadata.read(merged));

        int n = 3;
        FloatBuffer pixels = TestModels.randomPictures(n, size, 8);
        float[][] twoStep;
        try (OnnxModel fe = OnnxSessions.open(OnnxGraphs.toBytes(extractor), SessionConfig.cpu());
                OnnxModel hg = OnnxSessions.open(OnnxGraphs.toBytes(headModel), SessionConfig.cpu())) {
            float[][] features = fe.run(pixels, new long[] {n, 3, size, size});
            FloatBuffer flat = TestModels.direct(n * features[0].length);
            for (float[] row : features) {
                flat.put(row);
            }
            twoStep = hg.run(flat.flip(), new long[] {n, features[0].length});
        }
        try (ClassifierModel classifier = ClassifierModel.open(OnnxGraphs.toBytes(merged), SessionConfig.cpu())) {
            assertEquals(head.labels(), classifier.labels());
            assertEquals(Preprocessing.imagenet(), classifier.preprocessing());
            assertEquals(backbone, classifier.backbone());
            assertEquals("{\"run\":1}", classifier.metadata().trainingJson());
            assertEquals(ExecutionProvider.CPU, classifier.provider());
            float[][] endToEnd = classifier.probabilities(pixels, n);
            double diff = TestModels.maxAbsDiff(endToEnd, twoStep);
            assertTrue(diff < 1e-4, "merged differs from two sessions by " + diff);
        }
    }

    @Test
    void theUnknownScoreOfTheMergedModelIsTheDetectorsScore() {
        for (int components : new int[] {0, 3}) {
            int size = 96;
            ModelProto extractor = TinyCnn.build(TinyCnn.DEFAULT_SEED, size);
            int n = 5;
            FloatBuffer pixels = TestModels.randomPictures(n, size, 3);
            float[][] features;
            try (OnnxModel fe = OnnxSessions.open(OnnxGraphs.toBytes(extractor), SessionConfig.cpu())) {
                features = fe.run(pixels, new long[] {n, 3, size, size});
            }
            // Training rows: the pictures' features shaken, two classes; the detector is fitted on them.
            SplittableRandom random = new SplittableRandom(components);
            float[][] rows = new float[40][];
            int[] labels = new int[40];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = features[i % n].clone();
                for (int d = 0; d < rows[i].length; d++) {
                    rows[i][d] += (float) (random.nextDouble() - 0.5) * 0.2f;
                }
                labels[i] = i % 2;
            }
            FeatureStandardizer standardizer = FeatureStandardizer.fit(rows);
            UnknownDetector detector = UnknownDetector.fit(rows, labels, 2, standardizer.mean(), standardizer.std(),
                    new UnknownDetector.Options(components, 1.0, 512)).withThreshold(1.5);
            assertEquals(components, detector.projection().length);
            TrainedHead head = new TrainedHead(List.of("a", "b"), new float[2][rows[0].length], new float[2],
                    standardizer.mean(), standardizer.std());
            UnknownThreshold threshold = new UnknownThreshold(UnknownDetector.METHOD, 1.5, 0.05);
            ModelProto merged = ModelMerger.merge(extractor, HeadGraph.build(head, detector), new ModelMetadata(
                    head.labels(), cropped(size), new BackboneInfo("tiny-cnn", "ab".repeat(32),
                    false), null, threshold).toMap());
            try (ClassifierModel classifier = ClassifierModel.open(OnnxGraphs.toBytes(merged), SessionConfig.cpu())) {
                assertEquals(threshold, classifier.unknown());
                ClassifierModel.Outputs outputs = classifier.classify(pixels.rewind(), n);
                assertEquals(n, outputs.probabilities().length);
                for (int i = 0; i < n; i++) {
                    double expected = detector.score(features[i]);
                    assertEquals(expected, outputs.unknownScores()[i], 1e-3 * Math.max(1, expected),
                            "picture " + i + " with " + components + " components");
                }
                float[] far = features[0].clone();
                for (int d = 0; d < far.length; d++) {
                    far[d] += 10 * standardizer.std()[d];
                }
                assertTrue(detector.score(far) > 50 * detector.score(features[0]), "far from training is unknown");
            }
        }
    }

    @Test
    void aScoreWithoutAThresholdIsRefused() {
        TrainedHead head = randomHead(2, TinyCnn.FEATURE_DIMENSION, 2);
        float[][] rows = {new float[TinyCnn.FEATURE_DIMENSION], new float[TinyCnn.FEATURE_DIMENSION]};
        rows[1][0] = 1;
        UnknownDetector detector = UnknownDetector.fit(rows, new int[] {0, 1}, 2, head.featureMean(), head.featureStd(),
                UnknownDetector.Options.DEFAULTS);
        ModelProto merged = ModelMerger.merge(TinyCnn.build(1, 32), HeadGraph.build(head, detector),
                new ModelMetadata(head.labels(), cropped(32),
                        new BackboneInfo("tiny-cnn", "ab".repeat(32), false), null, null).toMap());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClassifierModel.open(OnnxGraphs.toBytes(merged), SessionConfig.cpu()));
        assertTrue(e.getMessage().contains("no threshold"), e.getMessage());
    }

    @Test
    void aCutOpset12ModelMergesAtOpset13AndRuns() {
        ModelProto classifierFile = TestModels.smallClassifier(64, false);
        Preprocessing p64 = BackboneResolver.preprocessingFor(classifierFile);
        assertEquals(64, p64.crop());
        ModelProto cut = BackboneCutter.cut(classifierFile, p64);
        TrainedHead head = randomHead(2, 12, 5);
        BackboneInfo backbone = new BackboneInfo("file-0123456789ab", "cd".repeat(32), true);
        ModelProto merged = ModelMerger.merge(cut, HeadGraph.build(head),
                new ModelMetadata(head.labels(), p64, backbone, null, null).toMap());
        assertEquals(13, OnnxGraphs.opset(merged));
        assertTrue(merged.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().equals("head/head_W")));
        try (ClassifierModel classifier = ClassifierModel.open(OnnxGraphs.toBytes(merged), SessionConfig.cpu())) {
            assertEquals(backbone, classifier.backbone());
            float[][] p = classifier.probabilities(TestModels.randomPictures(2, 64, 1), 2);
            assertEquals(2, p.length);
            assertEquals(1.0, p[0][0] + p[0][1], 1e-5);
        }
    }

    @Test
    void missingMetadataIsAClearError() {
        ModelProto merged = ModelMerger.merge(TinyCnn.build(1, 32), HeadGraph.build(randomHead(2, 32, 1)),
                java.util.Map.of(ModelMetadata.LABELS, "[\"a\",\"b\"]"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClassifierModel.open(OnnxGraphs.toBytes(merged), SessionConfig.cpu()));
        assertTrue(e.getMessage().contains("model metadata has no sightline.preprocessing"), e.getMessage());
    }

    @Test
    void tinyCnnFeaturesSeparateColouredPictures() {
        int size = 224;
        int perClass = 4;
        float[][] colours = {{0.9f, 0.1f, 0.1f}, {0.1f, 0.8f, 0.2f}, {0.2f, 0.2f, 0.9f}};
        FloatBuffer pixels = TestModels.direct(colours.length * perClass * 3 * size * size);
        SplittableRandom noise = new SplittableRandom(1);
        for (float[] c : colours) {
            for (int i = 0; i < perClass; i++) {
                TestModels.colourPicture(pixels, size, c[0], c[1], c[2], noise);
            }
        }
        pixels.flip();
        float[][] features;
        try (OnnxModel fe = OnnxSessions.open(OnnxGraphs.toBytes(TinyCnn.build(TinyCnn.DEFAULT_SEED, size)),
                SessionConfig.cpu())) {
            features = fe.run(pixels, new long[] {colours.length * perClass, 3, size, size});
        }
        // leave-one-out nearest centroid is perfect
        for (int i = 0; i < features.length; i++) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int k = 0; k < colours.length; k++) {
                float[] centroid = new float[features[0].length];
                int members = 0;
                for (int j = k * perClass; j < (k + 1) * perClass; j++) {
                    if (j != i) {
                        for (int d = 0; d < centroid.length; d++) {
                            centroid[d] += features[j][d];
                        }
                        members++;
                    }
                }
                double distance = 0;
                for (int d = 0; d < centroid.length; d++) {
                    double delta = features[i][d] - centroid[d] / members;
                    distance += delta * delta;
                }
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = k;
                }
            }
            assertEquals(i / perClass, best, "picture " + i);
        }
    }

    private static TrainedHead randomHead(int classes, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> labels = new ArrayList<>();
        float[][] weights = new float[classes][];
        for (int c = 0; c < classes; c++) {
            labels.add("label-" + c);
            weights[c] = TestModels.randoms(random, dimension, 1f);
        }
        float[] mean = TestModels.randoms(random, dimension, 0.5f);
        float[] std = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            std[d] = 0.05f + random.nextFloat();
        }
        return new TrainedHead(labels, weights, TestModels.randoms(random, classes, 0.3f), mean, std);
    }

    private static Preprocessing cropped(int size) {
        Preprocessing imagenet = Preprocessing.imagenet();
        return new Preprocessing(size, size, imagenet.mean(), imagenet.std(), "NCHW");
    }
}
