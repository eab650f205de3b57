package io.sightline.train;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.OnnxGraphs;
import java.util.List;

/**
 * A {@link TrainedHead} as ONNX: {@code features} [N,D] → Gemm(transB=1) → Softmax(axis=1) →
 * {@code probabilities} [N,C], with the feature standardisation folded into the weights:
 * {@code W' = W / std}, {@code b' = b - W' · mean}. With an {@link UnknownDetector}, a second output
 * {@code unknown_score} [N] computes {@link UnknownDetector#score} from the standardised features, with
 * squared distances expanded as {@code ||z||^2 - 2 z·m + ||m||^2} (two Gemms, no [N,C,D] tensor).
 */
public final class HeadGraph {
    static final String WEIGHTS = "head_W";
    static final String BIAS = "head_B";
    static final String LOGITS = "logits";

    private HeadGraph() {
    }

    public static ModelProto build(TrainedHead head) {
        return build(head, null);
    }

    /** The head, and its unknown score when {@code detector} is not null. */
    public static ModelProto build(TrainedHead head, UnknownDetector detector) {
        int classes = head.classes();
        int dimension = head.dimension();
        float[] weights = new float[classes * dimension];
        float[] bias = new float[classes];
        float[] mean = head.featureMean();
        float[] std = head.featureStd();
        for (int c = 0; c < classes; c++) {
            float[] row = head.weights()[c];
            double b = head.bias()[c];
            for (int d = 0; d < dimension; d++) {
                if (!(std[d] != 0f) || !Float.isFinite(std[d])) {
                    throw new IllegalArgumentException("featureStd[" + d + "] must be finite and non-zero, was " + std[d]);
                }
                double w = (double) row[d] / std[d];
                weights[c * dimension + d] = (float) w;
                b -= w * mean[d];
            }
            bias[c] = (float) b;
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName("sightline_head");
        graph.addInput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, OnnxGraphs.BATCH, dimension));
        graph.addInitializer(OnnxGraphs.floatTensor(WEIGHTS, new long[] {classes, dimension}, weights));
        graph.addInitializer(OnnxGraphs.floatTensor(BIAS, new long[] {classes}, bias));
        graph.addNode(OnnxGraphs.node("Gemm", "head_gemm", List.of(OnnxGraphs.FEATURES, WEIGHTS, BIAS), List.of(LOGITS),
                OnnxGraphs.intAttr("transB", 1)));
        graph.addNode(OnnxGraphs.node("Softmax", "head_softmax", List.of(LOGITS), List.of(OnnxGraphs.PROBABILITIES),
                OnnxGraphs.intAttr("axis", 1)));
        graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.PROBABILITIES, OnnxGraphs.BATCH, classes));
        if (detector != null) {
            if (detector.dimension() != dimension) {
                throw new IllegalArgumentException("the detector has " + detector.dimension() + " features, the head "
                        + dimension);
            }
            UnknownGraph.add(graph, detector);
            graph.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.UNKNOWN_SCORE, OnnxGraphs.BATCH));
        }
        return OnnxGraphs.model(graph.build(), "Sightline classification head: " + classes + " labels " + head.labels());
    }
}
