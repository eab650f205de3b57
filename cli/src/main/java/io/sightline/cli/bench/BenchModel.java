package io.sightline.cli.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.onnx.Backbone;
import io.sightline.train.HeadGraph;
import io.sightline.onnx.ModelMerger;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.train.TrainedHead;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The end-to-end model the benchmark runs, built as the trainer builds one: the backbone merged with
 * a head (here with seeded random weights) and the metadata the inference service reads.
 *
 * @param backbone the backbone it stands on
 * @param labels   class labels
 * @param model    model.onnx bytes (pixels to probabilities)
 * @param head     head.onnx bytes (features to probabilities)
 * @param sha256   lowercase hex SHA-256 of {@code model}
 */
record BenchModel(Backbone backbone, List<String> labels, byte[] model, byte[] head, String sha256) {

    static BenchModel build(Backbone backbone, int classes, long seed) {
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(String.format("class-%02d", c));
        }
        TrainedHead head = randomHead(labels, backbone.featureDimension(), seed);
        ModelProto headGraph = HeadGraph.build(head);
        ModelMetadata metadata = new ModelMetadata(labels, backbone.preprocessing(), backbone.info(),
                "{\"source\":\"sightline bench\",\"head\":\"random\",\"seed\":" + seed + "}", null);
        ModelProto merged = ModelMerger.merge(OnnxGraphs.parse(backbone.onnxFile()), headGraph, metadata.toMap());
        byte[] model = OnnxGraphs.toBytes(merged);
        return new BenchModel(backbone, labels, model, OnnxGraphs.toBytes(headGraph), ImageIds.sha256Hex(model));
    }

    /** Small Gaussian weights, zero bias, identity standardisation. */
    static TrainedHead randomHead(List<String> labels, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] weights = new float[labels.size()][dimension];
        for (float[] row : weights) {
            for (int d = 0; d < dimension; d++) {
                row[d] = (float) (random.nextDouble(-1, 1) * 0.01);
            }
        }
        float[] mean = new float[dimension];
        float[] std = new float[dimension];
        java.util.Arrays.fill(std, 1f);
        return new TrainedHead(labels, weights, new float[labels.size()], mean, std);
    }
}
