package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sightline.image.Preprocessing;
import java.nio.FloatBuffer;
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

    @Test
    void aModelWithoutFinalGemmIsRejected() {
        ModelProto tiny = TinyCnn.build(1, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneCutter.cut(tiny, Preprocessing.imagenet()));
        assertTrue(e.getMessage().contains("no final Gemm or MatMul"), e.getMessage());
    }
}
