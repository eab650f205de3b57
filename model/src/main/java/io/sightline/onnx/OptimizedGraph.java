package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The graph ONNX Runtime actually runs on CPU after its graph optimisations (the session writes it out
 * with {@code SessionOptions.setOptimizedModelFilePath}): which kernels a model's nodes became, e.g. a
 * QDQ convolution fused into {@code QLinearConv}.
 */
public final class OptimizedGraph {
    private OptimizedGraph() {
    }

    /**
     * Node counts by op type after optimisation on CPU with Sightline's session options; op types outside
     * the default ONNX domain are written {@code domain:OpType} (e.g. {@code com.microsoft:QLinearAdd}).
     */
    public static Map<String, Integer> opTypes(byte[] model, SessionConfig config) {
        Path file = null;
        try {
            file = Files.createTempFile("sightline-optimized", ".onnx");
            try (OrtSession.SessionOptions options = OnnxSessions.options(config.withProvider(ExecutionProvider.CPU), false)) {
                options.setOptimizedModelFilePath(file.toString());
                OnnxSessions.environment().createSession(model, options).close();
            }
            return count(OnnxGraphs.parse(file));
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot optimise the model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                CacheFiles.deleteQuietly(file);
            }
        }
    }

    static Map<String, Integer> count(ModelProto model) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            String domain = node.getDomain();
            String key = domain.isEmpty() || domain.equals("ai.onnx") ? node.getOpType() : domain + ":" + node.getOpType();
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }
}
