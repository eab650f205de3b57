package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.image.Preprocessing;

/**
 * A tiny seeded feature extractor for fast tests: normalisation, a 4x4 stride-4 convolution (16),
 * two 3x3 stride-2 convolutions (32, 32) with ReLU, global average pool → {@code features} [N,32].
 * About 8M MACs at 224x224; random but colour- and texture-sensitive, enough to separate simple
 * synthetic classes.
 */
public final class TinyCnn {
    public static final long DEFAULT_SEED = 7L;
    public static final int FEATURE_DIMENSION = 32;

    private TinyCnn() {
    }

    public static ModelProto build(long seed, int inputSize) {
        if (inputSize < 16) {
            throw new IllegalArgumentException("input size must be at least 16, was " + inputSize);
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName("tiny_cnn_seed" + seed);
        graph.addInput(OnnxGraphs.floatInfo(OnnxGraphs.PIXELS, OnnxGraphs.BATCH, 3, inputSize, inputSize));
        OnnxGraphs.addNormalisation(graph, Preprocessing.imagenet(), OnnxGraphs.PIXELS, "data");
        ConvStack net = new ConvStack(graph, seed);
        String x = net.relu("relu1", net.conv("conv1", "data", 3, 16, 4, 4, 0, Math.sqrt(2), 0.1));
        x = net.relu("relu2", net.conv("conv2", x, 16, 32, 3, 2, 1, Math.sqrt(2), 0.1));
        x = net.relu("relu3", net.conv("conv3", x, 32, FEATURE_DIMENSION, 3, 2, 1, Math.sqrt(2), 0.1));
        net.globalAveragePoolFlatten("pool", x, OnnxGraphs.FEATURES);
        graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, OnnxGraphs.BATCH, FEATURE_DIMENSION));
        return OnnxGraphs.model(graph.build(), "tiny seeded CNN for tests (seed " + seed + "), not pretrained");
    }
}
