package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sightline.image.Preprocessing;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackboneCutterTest {

    @Test
    void cutModelOutputsTheInputOfTheFinalGemm() throws Exception {
        int size = 32;
        Preprocessing p = Preprocessing.imagenet();
        BackboneCutter.Cut cut = BackboneCutter.cutDetailed(TestModels.smallClassifier(size, false), p);
        assertEquals("flat", cut.featureTensor());
        assertEquals(12, cut.featureDimension());
        assertEquals("data", cut.originalInput());
        ModelProto model = cut.model();
        assertEquals(12, OnnxGraphs.opset(model), "a cut model keeps its opset");
        assertEquals(OnnxGraphs.PIXELS, model.getGraph().getInput(0).getName());
        assertEquals(OnnxGraphs.FEATURES, model.getGraph().getOutput(0).getName());
        assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Gemm")
                || n.getOpType().equals("Softmax")), "classifier nodes are dropped");
        assertTrue(model.getGraph().getInitializerList().stream().noneMatch(t -> t.getName().startsWith("fc_")),
                "unused initializers are dropped");

        int n = 2;
        FloatBuffer pixels = TestModels.randomPictures(n, size, 5);
        float[][] cutFeatures;
        try (OnnxModel session = OnnxSessions.open(OnnxGraphs.toBytes(model), SessionConfig.cpu())) {
            cutFeatures = session.run(pixels, new long[] {n, 3, size, size});
        }

        // the original with "flat" exposed, fed with the normalised pixels
        FloatBuffer normalised = TestModels.direct(n * 3 * size * size);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < size * size; k++) {
                    float v = pixels.get(((i * 3) + c) * size * size + k);
                    normalised.put((v - p.mean()[c]) / p.std()[c]);
                }
            }
        }
        normalised.flip();
        OrtEnvironment env = OnnxSessions.environment();
        byte[] exposed = OnnxGraphs.toBytes(TestModels.smallClassifier(size, true));
        float[][] expected;
        try (OrtSession original = env.createSession(exposed, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, normalised, new long[] {n, 3, size, size});
                OrtSession.Result result = original.run(Map.of("data", input))) {
            expected = (float[][]) result.get("flat").orElseThrow().getValue();
        }
        assertEquals(n, cutFeatures.length);
        assertEquals(12, cutFeatures[0].length);
        double diff = TestModels.maxAbsDiff(cutFeatures, expected);
        assertTrue(diff < 1e-5, "cut features differ from the Gemm input by " + diff);
        assertFalse(java.util.Arrays.equals(cutFeatures[0], cutFeatures[1]));
    }

    /** Shaped like the zoo resnet50-v1-12: BN nodes, Flatten 'flatten_473' → Gemm 'resnetv17_dense0_fwd', old IR. */
    @Test
    void zooShapedModelWithInitializersAsInputs() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("resnetv17");
        g.addInput(OnnxGraphs.floatInfo("data", "N", 3, 224, 224));
        ConvStack net = new ConvStack(g, 3);
        net.conv("resnetv17_conv0_fwd", "data", 3, 8, 7, 2, 3, 1.4, 0);
        float[] ones = new float[8];
        java.util.Arrays.fill(ones, 1f);
        for (String bn : new String[] {"gamma", "beta", "mean", "var"}) {
            g.addInitializer(OnnxGraphs.floatTensor("bn_" + bn, new long[] {8}, bn.equals("gamma") || bn.equals("var")
                    ? ones : new float[8]));
        }
        g.addNode(OnnxGraphs.node("BatchNormalization", "resnetv17_batchnorm0_fwd",
                List.of("resnetv17_conv0_fwd", "bn_gamma", "bn_beta", "bn_mean", "bn_var")));
        net.relu("resnetv17_relu0_fwd", "resnetv17_batchnorm0_fwd");
        g.addNode(OnnxGraphs.node("GlobalAveragePool", "resnetv17_pool1_fwd", List.of("resnetv17_relu0_fwd")));
        g.addNode(OnnxGraphs.node("Flatten", "flatten_473", List.of("resnetv17_pool1_fwd"), OnnxGraphs.intAttr("axis", 1)));
        g.addInitializer(OnnxGraphs.floatTensor("resnetv17_dense0_weight", new long[] {10, 8}, new float[80]));
        g.addInitializer(OnnxGraphs.floatTensor("resnetv17_dense0_bias", new long[] {10}, new float[10]));
        g.addNode(OnnxGraphs.node("Gemm", "resnetv17_dense0_fwd",
                List.of("flatten_473", "resnetv17_dense0_weight", "resnetv17_dense0_bias"),
                OnnxGraphs.intAttr("transB", 1), OnnxGraphs.floatAttr("alpha", 1), OnnxGraphs.floatAttr("beta", 1)));
        g.addOutput(OnnxGraphs.floatInfo("resnetv17_dense0_fwd", "N", 10));
        for (var t : List.copyOf(g.getInitializerList())) {
            g.addInput(OnnxGraphs.floatInfo(t.getName(), t.getDimsList().toArray()));
        }
        ModelProto zoo = ModelProto.newBuilder(OnnxGraphs.model(g.build(), "zoo-like"))
                .setIrVersion(3)
                .setOpsetImport(0, ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(12))
                .build();
        BackboneCutter.Cut cut = BackboneCutter.cutDetailed(zoo, Preprocessing.imagenet());
        assertEquals("flatten_473", cut.featureTensor());
        assertEquals(8, cut.featureDimension());
        assertEquals("data", cut.originalInput());
        assertEquals(3, cut.model().getIrVersion());
        assertTrue(cut.model().getGraph().getInputList().stream().noneMatch(i -> i.getName().startsWith("resnetv17_dense0")));
        try (OnnxModel model = OnnxSessions.open(OnnxGraphs.toBytes(cut.model()), SessionConfig.cpu())) {
            assertEquals(OnnxGraphs.PIXELS, model.inputName());
            float[][] features = model.run(TestModels.randomPictures(1, 224, 1), new long[] {1, 3, 224, 224});
            assertEquals(8, features[0].length);
        }
    }

    /** Sightline's own QDQ quantizer output: the features are the float tensor before the final Gemm's QuantizeLinear. */
    @Test
    void qdqClassifierIsCutBeforeTheInt8RoundTripOfItsFinalGemm() throws Exception {
        int size = 32;
        ModelProto qdq = TestModels.qdqClassifier(size);
        assertTrue(qdq.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("QuantizeLinear")
                && n.getInput(0).equals("flat")), "the quantizer put the final Gemm's input through QuantizeLinear");
        // The dimension comes from the int8 weight behind its DequantizeLinear.
        BackboneCutter.Cut cut = cutAtFlat(qdq, size, 5);
        assertTrue(cut.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Gemm")));
    }

    /** QOperator form: QuantizeLinear of a float tensor, QLinearMatMul, DequantizeLinear, Softmax. */
    @Test
    void qLinearMatMulClassifierGivesTheFloatTensorItsQuantizeLinearReads() throws Exception {
        int size = 32;
        ModelProto model = TestModels.qOperatorClassifier(size, TestModels.FinalInt8.QLINEAR_MATMUL);
        runs(model, size);
        BackboneCutter.Cut cut = cutAtFlat(model, size, 6);
        assertTrue(cut.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().startsWith("QLinear")
                || n.getOpType().equals("QuantizeLinear")), "the int8 layer and its QuantizeLinear are dropped");
    }

    /** Dynamic QOperator form: DynamicQuantizeLinear, MatMulInteger, Cast, Mul by the scales, Add of the bias. */
    @Test
    void matMulIntegerClassifierIsWalkedBackThroughItsRescaling() throws Exception {
        int size = 32;
        ModelProto model = TestModels.qOperatorClassifier(size, TestModels.FinalInt8.MATMUL_INTEGER);
        runs(model, size);
        cutAtFlat(model, size, 7);
    }

    /** Only a uint8 tensor feeds the final QLinearMatMul: it is dequantized with the layer's own input scale. */
    @Test
    void quantizedOnlyFeaturesGetADequantizeLinear() throws Exception {
        int size = 32;
        ModelProto model = TestModels.qOperatorClassifier(size, TestModels.FinalInt8.QUANTIZED_FLATTEN);
        runs(model, size);
        BackboneCutter.Cut cut = BackboneCutter.cutDetailed(model, Preprocessing.imagenet());
        assertEquals(12, cut.featureDimension());
        assertTrue(cut.model().getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("DequantizeLinear")
                && n.getInput(0).equals("flat_q") && n.getInput(1).equals("flat_scale")), "a DequantizeLinear is appended");
        assertTrue(cut.model().getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("QLinearMatMul")));
        FloatBuffer pixels = TestModels.randomPictures(2, size, 8);
        float[][] features = cutFeatures(cut, pixels, 2, size);
        float[][] pooled = exposed(model, "gap", pixels, 2, size);
        for (int i = 0; i < 2; i++) {
            for (int d = 0; d < 12; d++) {
                double expected = Math.min(pooled[i][d], 255 * TestModels.FEATURE_SCALE);
                assertEquals(expected, features[i][d], TestModels.FEATURE_SCALE / 2 + 1e-5, "feature " + d);
            }
        }
        assertFalse(java.util.Arrays.equals(features[0], features[1]));
    }

    /**
     * Cuts {@code model} and checks that the cut is at the float tensor {@code flat} of 12 features and computes
     * it: the same values as {@code flat} exposed in the whole model, on two random pictures.
     */
    private static BackboneCutter.Cut cutAtFlat(ModelProto model, int size, long seed) throws Exception {
        BackboneCutter.Cut cut = BackboneCutter.cutDetailed(model, Preprocessing.imagenet());
        assertEquals("flat", cut.featureTensor());
        assertEquals(12, cut.featureDimension());
        FloatBuffer pixels = TestModels.randomPictures(2, size, seed);
        double diff = TestModels.maxAbsDiff(cutFeatures(cut, pixels, 2, size), exposed(model, "flat", pixels, 2, size));
        assertTrue(diff < 1e-5, "cut features differ from the float 'flat' by " + diff);
        return cut;
    }

    private static void runs(ModelProto model, int size) {
        try (OnnxModel session = OnnxSessions.open(OnnxGraphs.toBytes(model), SessionConfig.cpu())) {
            float[][] probabilities = session.run(TestModels.randomPictures(1, size, 1), new long[] {1, 3, size, size});
            assertEquals(5, probabilities[0].length, "the test classifier itself is a valid model");
        }
    }

    private static float[][] cutFeatures(BackboneCutter.Cut cut, FloatBuffer pixels, int n, int size) {
        try (OnnxModel session = OnnxSessions.open(OnnxGraphs.toBytes(cut.model()), SessionConfig.cpu())) {
            return session.run(pixels.duplicate(), new long[] {n, 3, size, size});
        }
    }

    /** {@code tensor} of {@code model} (made a graph output, flattened to [n, D]) on the normalised pixels. */
    private static float[][] exposed(ModelProto model, String tensor, FloatBuffer pixels, int n, int size) throws Exception {
        Preprocessing p = Preprocessing.imagenet();
        FloatBuffer normalised = TestModels.direct(n * 3 * size * size);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < size * size; k++) {
                    float v = pixels.get(((i * 3) + c) * size * size + k);
                    normalised.put((v - p.mean()[c]) / p.std()[c]);
                }
            }
        }
        normalised.flip();
        GraphProto graph = model.getGraph().toBuilder().addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(tensor)
                .setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT.getNumber())))).build();
        byte[] bytes = OnnxGraphs.toBytes(model.toBuilder().setGraph(graph).build());
        OrtEnvironment env = OnnxSessions.environment();
        try (OrtSession session = env.createSession(bytes, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, normalised, new long[] {n, 3, size, size});
                OrtSession.Result result = session.run(Map.of("data", input))) {
            FloatBuffer values = ((OnnxTensor) result.get(tensor).orElseThrow()).getFloatBuffer();
            float[] flat = new float[values.remaining()];
            values.get(flat);
            int d = flat.length / n;
            float[][] rows = new float[n][d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * d, rows[i], 0, d);
            }
            return rows;
        }
    }

    @Test
    void aModelWithoutFinalGemmIsRejected() {
        ModelProto tiny = TinyCnn.build(1, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneCutter.cut(tiny, Preprocessing.imagenet()));
        assertTrue(e.getMessage().contains("no final Gemm or MatMul"), e.getMessage());
    }
}
