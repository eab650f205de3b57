package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
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

    /** The three int8 forms of {@link #qOperatorClassifier}'s final layer. */
    enum FinalInt8 {
        /** float Flatten, QuantizeLinear, QLinearMatMul, DequantizeLinear. */
        QLINEAR_MATMUL,
        /** QuantizeLinear before a uint8 Flatten, QLinearMatMul: no float tensor feeds the layer. */
        QUANTIZED_FLATTEN,
        /** DynamicQuantizeLinear, MatMulInteger, Cast, Mul by the scales, Add of the bias. */
        MATMUL_INTEGER
    }

    /** Scale of the uint8 features in the QuantizeLinear forms (zero point 0): features up to 12.75. */
    static final float FEATURE_SCALE = 0.05f;

    /**
     * {@link #smallClassifier}'s layers up to the pooled features, then a final layer in QOperator form as an int8
     * classifier from a quantization tool has it (weights int8 [12, 5], per tensor), then Softmax.
     */
    static ModelProto qOperatorClassifier(int size, FinalInt8 form) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("qoperator_classifier");
        graph.addInput(OnnxGraphs.floatInfo("data", "N", 3, size, size));
        ConvStack net = new ConvStack(graph, 11);
        String x = net.relu("relu1", net.conv("conv1", "data", 3, 8, 3, 2, 1, Math.sqrt(2), 0.1));
        x = net.relu("relu2", net.conv("conv2", x, 8, 12, 3, 2, 1, Math.sqrt(2), 0.1));
        byte[] w = new byte[12 * 5];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) random.nextInt(-100, 101);
        }
        graph.addInitializer(OnnxGraphs.rawTensor("fc_W_q", TensorProto.DataType.INT8, new long[] {12, 5}, w));
        graph.addInitializer(OnnxGraphs.floatTensor("fc_W_scale", new long[0], new float[] {0.004f}));
        graph.addInitializer(OnnxGraphs.rawTensor("fc_W_zp", TensorProto.DataType.INT8, new long[0], new byte[1]));
        graph.addInitializer(OnnxGraphs.floatTensor("flat_scale", new long[0], new float[] {FEATURE_SCALE}));
        graph.addInitializer(OnnxGraphs.rawTensor("flat_zp", TensorProto.DataType.UINT8, new long[0], new byte[1]));
        graph.addInitializer(OnnxGraphs.floatTensor("logits_scale", new long[0], new float[] {0.02f}));
        graph.addInitializer(OnnxGraphs.rawTensor("logits_zp", TensorProto.DataType.UINT8, new long[0], new byte[] {(byte) 128}));
        List<String> quantizedFc = List.of("flat_q", "flat_scale", "flat_zp", "fc_W_q", "fc_W_scale", "fc_W_zp",
                "logits_scale", "logits_zp");
        switch (form) {
            case QLINEAR_MATMUL -> {
                net.globalAveragePoolFlatten("gap", x, "flat");
                graph.addNode(OnnxGraphs.node("QuantizeLinear", "flat_quantize", List.of("flat", "flat_scale", "flat_zp"),
                        List.of("flat_q")));
                graph.addNode(OnnxGraphs.node("QLinearMatMul", "fc", quantizedFc, List.of("logits_q")));
                graph.addNode(OnnxGraphs.node("DequantizeLinear", "logits_dequantize",
                        List.of("logits_q", "logits_scale", "logits_zp"), List.of("logits")));
            }
            case QUANTIZED_FLATTEN -> {
                graph.addNode(OnnxGraphs.node("GlobalAveragePool", "gap", List.of(x)));
                graph.addNode(OnnxGraphs.node("QuantizeLinear", "gap_quantize", List.of("gap", "flat_scale", "flat_zp"),
                        List.of("gap_q")));
                graph.addNode(OnnxGraphs.node("Flatten", "flatten_q", List.of("gap_q"), List.of("flat_q"),
                        OnnxGraphs.intAttr("axis", 1)));
                graph.addNode(OnnxGraphs.node("QLinearMatMul", "fc", quantizedFc, List.of("logits_q")));
                graph.addNode(OnnxGraphs.node("DequantizeLinear", "logits_dequantize",
                        List.of("logits_q", "logits_scale", "logits_zp"), List.of("logits")));
            }
            case MATMUL_INTEGER -> {
                net.globalAveragePoolFlatten("gap", x, "flat");
                graph.addNode(OnnxGraphs.node("DynamicQuantizeLinear", "flat_dynamic", List.of("flat"),
                        List.of("flat_q", "flat_dynamic_scale", "flat_dynamic_zp")));
                graph.addNode(OnnxGraphs.node("MatMulInteger", "fc", List.of("flat_q", "fc_W_q", "flat_dynamic_zp", "fc_W_zp"),
                        List.of("logits_int")));
                graph.addNode(OnnxGraphs.node("Cast", "logits_cast", List.of("logits_int"), List.of("logits_unscaled"),
                        OnnxGraphs.intAttr("to", TensorProto.DataType.FLOAT.getNumber())));
                graph.addNode(OnnxGraphs.node("Mul", "scales", List.of("flat_dynamic_scale", "fc_W_scale"), List.of("fc_scale")));
                graph.addNode(OnnxGraphs.node("Mul", "logits_rescale", List.of("logits_unscaled", "fc_scale"),
                        List.of("logits_unbiased")));
                graph.addInitializer(OnnxGraphs.floatTensor("fc_B", new long[] {5}, randoms(new SplittableRandom(4), 5, 0.1f)));
                graph.addNode(OnnxGraphs.node("Add", "fc_bias", List.of("logits_unbiased", "fc_B"), List.of("logits")));
            }
            default -> throw new IllegalArgumentException(form.toString());
        }
        graph.addNode(OnnxGraphs.node("Softmax", "softmax", List.of("logits"), List.of("prob"), OnnxGraphs.intAttr("axis", 1)));
        graph.addOutput(OnnxGraphs.floatInfo("prob", "N", 5));
        return ModelProto.newBuilder(OnnxGraphs.model(graph.build(), "test int8 classifier, QOperator form"))
                .setOpsetImport(0, ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(12))
                .build();
    }

    /** {@link #smallClassifier} (at opset 13) quantized by Sightline's own quantizer (QDQ form, the final Gemm included). */
    static ModelProto qdqClassifier(int size) {
        ModelProto opset13 = smallClassifier(size, false).toBuilder()
                .setOpsetImport(0, ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        try (io.sightline.onnx.quant.Int8Calibration calibration = io.sightline.onnx.quant.Int8Calibration.start(
                opset13, SessionConfig.cpu())) {
            calibration.observe(randomPictures(4, size, 9), 4);
            return calibration.quantize(io.sightline.onnx.quant.CalibrationMethod.MINMAX);
        }
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
