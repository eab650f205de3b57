package io.sightline.onnx.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.GeneratedResNet50;
import io.sightline.onnx.KernelProfile;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.OptimizedGraph;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.TinyCnn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Int8QuantizationTest {
    private static final SessionConfig CPU = SessionConfig.cpu().withIntraOpThreads(1);

    @Test
    void theTinyCnnQuantizedKeepsItsFeatures() {
        ModelProto fp32 = TinyCnn.build(TinyCnn.DEFAULT_SEED, 64);
        FloatBuffer calibration = smoothPictures(16, 64, 1);
        ModelProto int8 = quantize(fp32, calibration, 16, CalibrationMethod.MINMAX);
        FloatBuffer held = smoothPictures(8, 64, 2);
        float[][] expected = run(fp32, held, 8, 64);
        float[][] actual = run(int8, held, 8, 64);
        for (int i = 0; i < 8; i++) {
            double error = relativeL2(expected[i], actual[i]);
            assertTrue(error < 0.05, "picture " + i + ": int8 features " + error + " from fp32 (relative L2)");
        }
        assertEquals(3, count(int8, "DequantizeLinear", "weight_dequantized"), "one weight DQ per Conv");
        int weightTensors = 0;
        for (var weights : int8.getGraph().getInitializerList()) {
            if (weights.getName().endsWith("weight_quantized")) {
                weightTensors++;
                int largest = 0;
                for (byte q : weights.getRawData().toByteArray()) {
                    largest = Math.max(largest, Math.abs(q));
                }
                assertEquals(QdqWriter.WEIGHT_MAX, largest, weights.getName() + ": 7-bit weights, the largest of a channel at "
                        + "63, so that no u8 x s8 pair sum saturates 16 bits on a CPU without VNNI");
            }
        }
        assertEquals(3, weightTensors, "the three Convs' weights were checked");
        assertTrue(count(int8, "QuantizeLinear", "") >= 4, "data and three ReLU outputs quantized");
    }

    @Test
    void onnxRuntimeRunsTheTinyCnnInInt8Kernels() {
        ModelProto int8 = quantize(TinyCnn.build(TinyCnn.DEFAULT_SEED, 64), smoothPictures(4, 64, 3), 4,
                CalibrationMethod.PERCENTILE);
        byte[] bytes = OnnxGraphs.toBytes(int8);
        Map<String, Integer> ops = OptimizedGraph.opTypes(bytes, CPU);
        assertEquals(3, qlinearConvs(ops), "every Conv + ReLU became one QLinearConv: " + ops);
        assertFalse(ops.containsKey("Conv") || ops.containsKey("com.microsoft:FusedConv"), "no float conv left: " + ops);
        assertFalse(ops.containsKey("Relu"), "ReLUs folded into the quantization: " + ops);

        Map<String, Long> profile = KernelProfile.microsByOpType(bytes, CPU, smoothPictures(2, 64, 4),
                new long[] {2, 3, 64, 64}, 3);
        assertTrue(profile.getOrDefault("QLinearConv", 0L) > 0, "the profiler saw QLinearConv kernels run: " + profile);
        assertFalse(profile.containsKey("Conv") || profile.containsKey("FusedConv"), "no float conv ran: " + profile);
    }

    @Test
    void theGeneratedResNet50RunsEveryConvAndAddInInt8() {
        ModelProto fp32 = GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED);
        ModelProto int8 = quantize(fp32, smoothPictures(2, 224, 5), 2, CalibrationMethod.PERCENTILE);
        Map<String, Integer> ops = OptimizedGraph.opTypes(OnnxGraphs.toBytes(int8), CPU);
        assertEquals(53, qlinearConvs(ops), "the 53 convolutions of ResNet-50: " + ops);
        assertEquals(16, ops.getOrDefault("com.microsoft:QLinearAdd", 0), "the 16 residual additions: " + ops);
        assertFalse(ops.containsKey("Conv") || ops.containsKey("com.microsoft:FusedConv")
                || ops.containsKey("com.microsoft.nchwc:Conv"), "no float conv left: " + ops);
    }

    @Test
    void batchNormalizationIsFoldedIntoItsConvolution() {
        ModelProto withBn = convBatchNorm();
        ModelProto folded = BatchNormFolding.fold(withBn);
        assertTrue(folded.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("BatchNormalization")));
        FloatBuffer pictures = smoothPictures(3, 16, 6);
        float[][] expected = run(withBn, pictures, 3, 16);
        float[][] actual = run(folded, pictures, 3, 16);
        for (int i = 0; i < 3; i++) {
            assertTrue(relativeL2(expected[i], actual[i]) < 1e-5, "folding changes nothing but rounding");
        }
        ModelProto int8 = quantize(withBn, pictures, 3, CalibrationMethod.MINMAX);
        assertEquals(1, qlinearConvs(OptimizedGraph.opTypes(OnnxGraphs.toBytes(int8), CPU)));
    }

    @Test
    void aGraphWithNothingToQuantizeIsRefused() {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("relu_only");
        graph.addInput(OnnxGraphs.floatInfo(OnnxGraphs.PIXELS, OnnxGraphs.BATCH, 3, 8, 8));
        graph.addNode(OnnxGraphs.node("Relu", "relu", List.of(OnnxGraphs.PIXELS), List.of(OnnxGraphs.FEATURES)));
        graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, OnnxGraphs.BATCH, 3, 8, 8));
        ModelProto model = OnnxGraphs.model(graph.build(), "no weights");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Int8Calibration.start(model, CPU));
        assertTrue(e.getMessage().contains("no Conv or Gemm"), e.getMessage());
    }

    @Test
    void quantizingBeforeObservingIsAnError() {
        try (Int8Calibration calibration = Int8Calibration.start(TinyCnn.build(1, 32), CPU)) {
            assertThrows(IllegalStateException.class, () -> calibration.quantize(CalibrationMethod.MINMAX));
        }
    }

    // ---------------------------------------------------------------- helpers

    static ModelProto quantize(ModelProto fp32, FloatBuffer pictures, int n, CalibrationMethod method) {
        try (Int8Calibration calibration = Int8Calibration.start(fp32, CPU)) {
            calibration.observe(pictures, n);
            assertEquals(n, calibration.pictures());
            return calibration.quantize(method);
        }
    }

    static float[][] run(ModelProto model, FloatBuffer pictures, int n, int size) {
        try (OnnxModel session = OnnxSessions.open(OnnxGraphs.toBytes(model), CPU)) {
            return session.run(pictures, new long[] {n, 3, size, size});
        }
    }

    private static int qlinearConvs(Map<String, Integer> ops) {
        return ops.entrySet().stream().filter(e -> e.getKey().endsWith("QLinearConv")).mapToInt(Map.Entry::getValue).sum();
    }

    private static long count(ModelProto model, String opType, String outputPart) {
        return model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals(opType) && n.getOutput(0).contains(outputPart)).count();
    }

    /** Pictures with smooth colour fields and some texture (closer to photographs than uniform noise). */
    static FloatBuffer smoothPictures(int n, int size, long seed) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(n * 3 * size * size * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed);
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                double a = random.nextDouble(), b = random.nextDouble() * 6, phase = random.nextDouble() * 6;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double v = a * 0.6 + 0.3 * Math.sin(b * x / size + phase) * Math.cos(b * y / size)
                                + 0.1 * random.nextDouble();
                        buffer.put((float) Math.max(0, Math.min(1, v)));
                    }
                }
            }
        }
        return buffer.flip();
    }

    static double relativeL2(float[] expected, float[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
            norm += expected[i] * (double) expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    /** data [N,3,16,16] → Conv 3x3 (4, no bias) → BatchNormalization → Relu → GAP → features [N,4]. */
    private static ModelProto convBatchNorm() {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("conv_bn");
        graph.addInput(OnnxGraphs.floatInfo(OnnxGraphs.PIXELS, OnnxGraphs.BATCH, 3, 16, 16));
        SplittableRandom random = new SplittableRandom(9);
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() - 0.5);
        }
        graph.addInitializer(OnnxGraphs.floatTensor("w", new long[] {4, 3, 3, 3}, w));
        graph.addInitializer(OnnxGraphs.floatTensor("gamma", new long[] {4}, new float[] {1.5f, 0.5f, 2f, 1f}));
        graph.addInitializer(OnnxGraphs.floatTensor("beta", new long[] {4}, new float[] {0.1f, -0.2f, 0.3f, 0f}));
        graph.addInitializer(OnnxGraphs.floatTensor("mean", new long[] {4}, new float[] {0.2f, 0.1f, -0.1f, 0f}));
        graph.addInitializer(OnnxGraphs.floatTensor("var", new long[] {4}, new float[] {0.5f, 2f, 1f, 0.25f}));
        graph.addNode(OnnxGraphs.node("Conv", "conv", List.of(OnnxGraphs.PIXELS, "w"), List.of("c"),
                OnnxGraphs.intsAttr("kernel_shape", 3, 3), OnnxGraphs.intsAttr("pads", 1, 1, 1, 1)));
        graph.addNode(OnnxGraphs.node("BatchNormalization", "bn", List.of("c", "gamma", "beta", "mean", "var"), List.of("n"),
                OnnxGraphs.floatAttr("epsilon", 1e-3f)));
        graph.addNode(OnnxGraphs.node("Relu", "relu", List.of("n"), List.of("r")));
        graph.addNode(OnnxGraphs.node("GlobalAveragePool", "gap", List.of("r"), List.of("g")));
        graph.addNode(OnnxGraphs.node("Flatten", "flat", List.of("g"), List.of(OnnxGraphs.FEATURES), OnnxGraphs.intAttr("axis", 1)));
        graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, OnnxGraphs.BATCH, 4));
        return OnnxGraphs.model(graph.build(), "conv + batch norm");
    }

}
