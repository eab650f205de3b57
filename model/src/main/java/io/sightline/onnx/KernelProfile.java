package io.sightline.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where ONNX Runtime spends a model's run on CPU, from its own profiler ({@code SessionOptions.enableProfiling}):
 * kernel time by op type, summed over the profiled runs. Says which kernels ran (e.g. {@code QLinearConv}
 * for a quantized convolution), not what the graph asked for.
 */
public final class KernelProfile {
    private KernelProfile() {
    }

    /**
     * Runs {@code runs} times on {@code input} (shape {@code shape}) with profiling on; microseconds by op
     * type, every run included.
     */
    public static Map<String, Long> microsByOpType(byte[] model, SessionConfig config, FloatBuffer input, long[] shape,
                                                   int runs) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sightline-profile");
            String profile;
            try (OrtSession.SessionOptions options = OnnxSessions.options(config.withProvider(ExecutionProvider.CPU), false)) {
                options.enableProfiling(dir.resolve("ort").toString());
                try (OrtSession session = OnnxSessions.environment().createSession(model, options);
                        OnnxTensor tensor = OnnxTensor.createTensor(OnnxSessions.environment(), input, shape)) {
                    String name = session.getInputNames().iterator().next();
                    for (int i = 0; i < runs; i++) {
                        session.run(Map.of(name, tensor)).close();
                    }
                    profile = session.endProfiling();
                }
            }
            return parse(Files.readAllBytes(Path.of(profile)));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot profile the model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Kernel time by op type from a profile (Chrome trace events: {@code cat "Node"}, {@code args.op_name}, {@code dur}). */
    static Map<String, Long> parse(byte[] profileJson) throws IOException {
        Map<String, Long> micros = new TreeMap<>();
        for (JsonNode event : Json.mapper().readTree(profileJson)) {
            if ("Node".equals(event.path("cat").asText()) && event.path("name").asText().endsWith("_kernel_time")) {
                micros.merge(event.path("args").path("op_name").asText("?"), event.path("dur").asLong(), Long::sum);
            }
        }
        return micros;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(CacheFiles::deleteQuietly);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
        CacheFiles.deleteQuietly(dir);
    }
}
