package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.image.Preprocessing;

/**
 * The exact ResNet-50 v1 architecture (as the ONNX Model Zoo resnet50-v1: the stride of a
 * down-sampling bottleneck sits on its first 1x1 convolution) with seeded random weights and
 * BatchNormalization folded into the convolutions (inference form).
 *
 * <p>conv1 7x7/2 64 + ReLU, max-pool 3x3/2, four stages of [3, 4, 6, 3] bottlenecks of widths
 * 64/128/256/512 (x4 expansion), global average pool, flatten: {@code pixels} [N,3,224,224] 0..1 →
 * normalisation → {@code features} [N,2048]. No 1000-way classifier. 23,454,912 convolution weights
 * plus 26,560 folded biases = 23,481,472 parameters (the canonical 25.56M of ResNet-50 adds the
 * 2,049,000 of the fc layer and BN's separate scale and shift); 3.86 GMACs per 224x224 image (v1.5,
 * with the stride on the 3x3 convolution, has 4.09).
 *
 * <p>Weights: He-scaled uniform for convolutions followed by ReLU; the last convolution of each
 * residual branch is scaled down ({@link #BRANCH_GAIN}) so that, without batch statistics,
 * activations stay in a sane range through the 16 blocks: features are finite and depend on the
 * input, but they are not pretrained.
 */
public final class GeneratedResNet50 {
    /** Seed of the {@code generated} backbone. */
    public static final long DEFAULT_SEED = 50L;
    public static final int FEATURE_DIMENSION = 2048;
    public static final int INPUT_SIZE = 224;

    static final int[] BLOCKS = {3, 4, 6, 3};
    static final int[] WIDTHS = {64, 128, 256, 512};
    static final int EXPANSION = 4;
    static final double RELU_GAIN = Math.sqrt(2.0);
    static final double BRANCH_GAIN = 0.35;
    static final double BIAS = 0.02;

    private GeneratedResNet50() {
    }

    public static ModelProto build(long seed) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("generated_resnet50_v1_seed" + seed);
        graph.addInput(OnnxGraphs.floatInfo(OnnxGraphs.PIXELS, OnnxGraphs.BATCH, 3, INPUT_SIZE, INPUT_SIZE));
        OnnxGraphs.addNormalisation(graph, Preprocessing.imagenet(), OnnxGraphs.PIXELS, "data");

        ConvStack net = new ConvStack(graph, seed);
        String x = net.relu("conv1_relu", net.conv("conv1", "data", 3, 64, 7, 2, 3, RELU_GAIN, BIAS));
        x = net.maxPool("pool1", x, 3, 2, 1);
        int channels = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int width = WIDTHS[stage];
            int out = width * EXPANSION;
            for (int block = 0; block < BLOCKS[stage]; block++) {
                String p = "stage" + (stage + 1) + "_block" + (block + 1) + "_";
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String a = net.relu(p + "relu_a", net.conv(p + "conv_a", x, channels, width, 1, stride, 0, RELU_GAIN, BIAS));
                String b = net.relu(p + "relu_b", net.conv(p + "conv_b", a, width, width, 3, 1, 1, RELU_GAIN, BIAS));
                String c = net.conv(p + "conv_c", b, width, out, 1, 1, 0, BRANCH_GAIN, BIAS);
                String shortcut = x;
                if (block == 0) {
                    shortcut = net.conv(p + "downsample", x, channels, out, 1, stride, 0, 1.0, BIAS);
                }
                x = net.relu(p + "relu", net.add(p + "add", c, shortcut));
                channels = out;
            }
        }
        net.globalAveragePoolFlatten("pool5", x, OnnxGraphs.FEATURES);
        graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, OnnxGraphs.BATCH, FEATURE_DIMENSION));
        return OnnxGraphs.model(graph.build(), "ResNet-50 v1 architecture, seeded random weights (seed " + seed
                + "), BatchNormalization folded; features are NOT pretrained");
    }
}
