package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small models and inputs shared by the tests. */
final class TestModels {
    private TestModels() {
    }

    /**
     * A small normalisation-free image classifier as found in the wild: data [N,3,size,size] →
     * Conv → Relu → GlobalAveragePool → Flatten ("flat") → Gemm → Softmax. With {@code exposeFlatten}
     * the flatten output is a second graph output.
     */
    static ModelProto smallClassifier(int size, boolean exposeFlatten) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("small_classifier");
        graph.addInput(OnnxGraphs.floatInfo("data", "N", 3, size, size));
        ConvStack net = new ConvStack(graph, 11);
        String x = net.relu("relu1", net.conv("conv1", "data", 3, 8, 3, 2, 1, Math.sqrt(2), 0.1));
        x = net.relu("relu2", net.conv("conv2", x, 8, 12, 3, 2, 1, Math.sqrt(2), 0.1));
        net.globalAveragePoolFlatten("gap", x, "flat");
        float[] w = randoms(new SplittableRandom(3), 5 * 12, 0.5f);
        float[] b = randoms(new SplittableRandom(4), 5, 0.1f);
        graph.addInitializer(OnnxGraphs.floatTensor("fc_W", new long[] {5, 12}, w));
        graph.addInitializer(OnnxGraphs.floatTensor("fc_B", new long[] {5}, b));
        graph.addNode(OnnxGraphs.node("Gemm", "fc", List.of("flat", "fc_W", "fc_B"), List.of("logits"),
                OnnxGraphs.intAttr("transB", 1)));
        graph.addNode(OnnxGraphs.node("Softmax", "softmax", List.of("logits"), List.of("prob"), OnnxGraphs.intAttr("axis", 1)));
        graph.addOutput(OnnxGraphs.floatInfo("prob", "N", 5));
        if (exposeFlatten) {
            graph.addOutput(OnnxGraphs.floatInfo("flat", "N", 12));
        }
        return ModelProto.newBuilder(OnnxGraphs.model(graph.build(), "test classifier"))
                .setOpsetImport(0, ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(12))
                .build();
    }

    static float[] randoms(SplittableRandom random, int n, float scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return values;
    }

    /** n random pictures (0..1) as a direct native-order buffer. */
    static FloatBuffer randomPictures(int n, int size, long seed) {
        FloatBuffer buffer = direct(n * 3 * size * size);
        SplittableRandom random = new SplittableRandom(seed);
        while (buffer.hasRemaining()) {
            buffer.put(random.nextFloat());
        }
        return buffer.flip();
    }

    /** A picture of one colour with a little noise, RGB 0..1, written into the buffer. */
    static void colourPicture(FloatBuffer into, int size, float r, float g, float b, SplittableRandom noise) {
        float[] rgb = {r, g, b};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < size * size; i++) {
                into.put(Math.min(1f, Math.max(0f, rgb[c] + (noise.nextFloat() - 0.5f) * 0.2f)));
            }
        }
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
