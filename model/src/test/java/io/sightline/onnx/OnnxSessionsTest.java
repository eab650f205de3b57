package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxValue;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxSessionsTest {
    private static final byte[] TINY = OnnxGraphs.toBytes(TinyCnn.build(1, 64));

    @Test
    void autoFallsBackToCpuWithoutAGpu() {
        try (OnnxModel model = OnnxSessions.open(TINY, SessionConfig.defaults())) {
            // this machine has no GPU; on a GPU machine AUTO reports CUDA
            assertTrue(model.provider() == ExecutionProvider.CPU || model.provider() == ExecutionProvider.CUDA);
            if (!hasNvidiaGpu()) {
                assertEquals(ExecutionProvider.CPU, model.provider());
            }
            assertEquals(OnnxGraphs.PIXELS, model.inputName());
            assertArrayEquals(new long[] {-1, 3, 64, 64}, model.inputShape());
            assertEquals(OnnxGraphs.FEATURES, model.outputName());
        }
    }

    @Test
    void cudaWithoutAGpuFailsClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(hasNvidiaGpu(), "a GPU is present");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OnnxSessions.open(TINY, SessionConfig.cpu().withProvider(ExecutionProvider.CUDA)));
        assertTrue(e.getMessage().startsWith("CUDA execution provider requested but unavailable"), e.getMessage());
    }

    @Test
    void withoutTheLayoutRewriteTheModelComputesTheSameFeatures() {
        SessionConfig all = SessionConfig.cpu().withIntraOpThreads(1);
        FloatBuffer pictures = TestModels.randomPictures(3, 64, 5);
        try (OnnxModel rewritten = OnnxSessions.open(TINY, all);
             OnnxModel plain = OnnxSessions.open(TINY, all.withLayoutOptimization(false))) {
            float[][] expected = rewritten.run(pictures, new long[] {3, 3, 64, 64});
            float[][] actual = plain.run(pictures, new long[] {3, 3, 64, 64});
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-4f, "picture " + i);
            }
        }
        assertTrue(SessionConfig.cpu().layoutOptimization(), "on by default");
    }

    @Test
    void theFlagTurnsOffTheBlockedLayoutKernels() {
        SessionConfig all = SessionConfig.cpu().withIntraOpThreads(1);
        java.util.Map<String, Integer> rewritten = OptimizedGraph.opTypes(TINY, all);
        org.junit.jupiter.api.Assumptions.assumeTrue(rewritten.keySet().stream().anyMatch(OnnxSessionsTest::blocked),
                "ONNX Runtime has no blocked layout on this CPU: " + rewritten);
        java.util.Map<String, Integer> plain = OptimizedGraph.opTypes(TINY, all.withLayoutOptimization(false));
        assertTrue(plain.keySet().stream().noneMatch(OnnxSessionsTest::blocked), plain.toString());
        assertTrue(plain.containsKey("Conv") || plain.containsKey("com.microsoft:FusedConv"), plain.toString());
    }

    private static boolean blocked(String opType) {
        return opType.startsWith("com.microsoft.nchwc:");
    }

    @Test
    void everyNativeValueOfARunIsClosed() {
        try (OnnxModel model = OnnxSessions.open(TINY, SessionConfig.cpu().withIntraOpThreads(1))) {
            List<OnnxValue> seen = new ArrayList<>();
            model.observeValues(seen::add);
            FloatBuffer pictures = TestModels.randomPictures(2, 64, 3);
            float[][] first = null;
            for (int i = 0; i < 200; i++) {
                float[][] features = model.run(pictures, new long[] {2, 3, 64, 64});
                if (first == null) {
                    first = features;
                }
                assertArrayEquals(first[1], features[1]);
                assertEquals(0, model.openTensors());
            }
            assertEquals(400, seen.size(), "one input and one output per run");
            assertTrue(seen.stream().allMatch(OnnxValue::isClosed), "every tensor is closed");
            assertEquals(0, pictures.position(), "the caller's buffer is not consumed");
        }
    }

    @Test
    void heapBuffersAreCopiedAndClosedModelsRefuseToRun() {
        OnnxModel model = OnnxSessions.open(TINY, SessionConfig.cpu());
        FloatBuffer direct = TestModels.randomPictures(1, 64, 4);
        float[] values = new float[direct.remaining()];
        direct.duplicate().get(values);
        float[][] a = model.run(direct, new long[] {1, 3, 64, 64});
        float[][] b = model.run(FloatBuffer.wrap(values), new long[] {1, 3, 64, 64});
        assertArrayEquals(a[0], b[0]);
        assertThrows(IllegalArgumentException.class, () -> model.run(FloatBuffer.allocate(5), new long[] {1, 3, 64, 64}));
        model.warmUp(2);
        model.close();
        assertTrue(model.isClosed());
        assertThrows(IllegalStateException.class, () -> model.run(direct, new long[] {1, 3, 64, 64}));
    }

    static boolean hasNvidiaGpu() {
        return java.nio.file.Files.exists(java.nio.file.Path.of("/dev/nvidia0"));
    }
}
