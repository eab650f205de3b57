package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratedResNet50Test {
    private static ModelProto model;
    private static byte[] bytes;

    @BeforeAll
    static void build() {
        model = GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED);
        bytes = OnnxGraphs.toBytes(model);
    }

    @Test
    void hasTheResNet50ParameterCount() {
        // 23,454,912 conv weights + 26,560 folded BN biases; no 1000-way fc (which adds 2,049,000)
        assertEquals(23_481_472L, OnnxGraphs.parameterCount(model.getGraph(), OnnxGraphs.NORM_PREFIX));
        long convs = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
        assertEquals(53, convs, "49 convolutions + 4 projection shortcuts");
        assertEquals(16, model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Add")).count());
        NodeProto first = model.getGraph().getNode(0);
        assertEquals("Sub", first.getOpType());
        assertEquals(OnnxGraphs.PIXELS, first.getInput(0));
        assertEquals(OnnxGraphs.OPSET, OnnxGraphs.opset(model));
    }

    @Test
    void sameSeedGivesTheSameBytes() throws Exception {
        byte[] again = OnnxGraphs.toBytes(GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(bytes), sha.digest(again));
        byte[] other = OnnxGraphs.toBytes(GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED + 1));
        assertFalse(Arrays.equals(sha.digest(bytes), sha.digest(other)));
    }

    @Test
    void featuresAreFiniteVariedAndDependOnTheInput() {
        try (OnnxModel session = OnnxSessions.open(bytes, SessionConfig.cpu())) {
            FloatBuffer pictures = TestModels.randomPictures(2, 224, 1);
            float[][] features = session.run(pictures, new long[] {2, 3, 224, 224});
            assertEquals(2, features.length);
            assertEquals(2048, features[0].length);
            double sum = 0;
            double sumSq = 0;
            double diff = 0;
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int j = 0; j < 2048; j++) {
                for (float[] row : features) {
                    assertTrue(Float.isFinite(row[j]), "feature " + j + " is " + row[j]);
                    sum += row[j];
                    sumSq += row[j] * row[j];
                    min = Math.min(min, row[j]);
                    max = Math.max(max, row[j]);
                }
                diff += Math.abs(features[0][j] - features[1][j]);
            }
            double mean = sum / 4096;
            double std = Math.sqrt(sumSq / 4096 - mean * mean);
            System.out.printf("generated ResNet-50 features: mean %.4f std %.4f min %.4f max %.4f mean |f0-f1| %.5f%n",
                    mean, std, min, max, diff / 2048);
            assertTrue(max > min, "features are constant");
            assertTrue(std > 1e-3 && std < 1e3, "feature scale " + std);
            assertTrue(diff / 2048 > 1e-5 * Math.max(1, Math.abs(mean)), "features barely depend on the input");
        }
    }
}
