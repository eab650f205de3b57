package io.sightline.train;

import ai.onnx.proto.OnnxMl.GraphProto;
import io.sightline.onnx.OnnxGraphs;
import java.util.List;

/** The nodes of {@link UnknownDetector#score} in a head graph, from {@code features} to {@code unknown_score}. */
final class UnknownGraph {
    private static final String P = "unknown_";

    private UnknownGraph() {
    }

    static void add(GraphProto.Builder graph, UnknownDetector detector) {
        int dim = detector.dimension();
        graph.addInitializer(OnnxGraphs.floatTensor(P + "mean", new long[] {dim}, detector.featureMean()));
        graph.addInitializer(OnnxGraphs.floatTensor(P + "std", new long[] {dim}, detector.featureStd()));
        graph.addNode(OnnxGraphs.node("Sub", P + "centred", List.of(OnnxGraphs.FEATURES, P + "mean")));
        graph.addNode(OnnxGraphs.node("Div", P + "z", List.of(P + "centred", P + "std")));
        String distance = squaredDistances(graph, P + "z", detector.classMeans(), "full",
                (float) (1 / (detector.shrinkage() * dim)));
        float[][] projection = detector.projection();
        if (projection.length > 0) {
            float[][] projectedMeans = new float[detector.classMeans().length][projection.length];
            for (int c = 0; c < projectedMeans.length; c++) {
                for (int k = 0; k < projection.length; k++) {
                    double dot = 0;
                    for (int d = 0; d < dim; d++) {
                        dot += (double) projection[k][d] * detector.classMeans()[c][d];
                    }
                    projectedMeans[c][k] = (float) dot;
                }
            }
            graph.addInitializer(OnnxGraphs.floatTensor(P + "projection", new long[] {projection.length, dim},
                    flatten(projection)));
            graph.addNode(OnnxGraphs.node("Gemm", P + "projected", List.of(P + "z", P + "projection"),
                    OnnxGraphs.intAttr("transB", 1)));
            String explained = squaredDistances(graph, P + "projected", projectedMeans, "explained", (float) (1.0 / dim));
            graph.addNode(OnnxGraphs.node("Sub", P + "distance", List.of(distance, explained)));
            distance = P + "distance";
        }
        graph.addNode(OnnxGraphs.node("ReduceMin", "unknown_min", List.of(distance), List.of(OnnxGraphs.UNKNOWN_SCORE),
                OnnxGraphs.intsAttr("axes", 1), OnnxGraphs.intAttr("keepdims", 0)));
    }

    /** {@code scale * ||x_i - m_c||^2} as [N,C]; returns the tensor's name. */
    private static String squaredDistances(GraphProto.Builder graph, String x, float[][] means, String name,
                                           float scale) {
        String p = P + name + "_";
        int width = means[0].length;
        float[] norms = new float[means.length];
        for (int c = 0; c < means.length; c++) {
            double sum = 0;
            for (float v : means[c]) {
                sum += (double) v * v;
            }
            norms[c] = (float) sum;
        }
        graph.addInitializer(OnnxGraphs.floatTensor(p + "means", new long[] {means.length, width}, flatten(means)));
        graph.addInitializer(OnnxGraphs.floatTensor(p + "mean_norms", new long[] {means.length}, norms));
        graph.addInitializer(OnnxGraphs.floatTensor(p + "scale", new long[] {1}, new float[] {scale}));
        graph.addNode(OnnxGraphs.node("ReduceSumSquare", p + "norms", List.of(x), OnnxGraphs.intsAttr("axes", 1),
                OnnxGraphs.intAttr("keepdims", 1)));
        graph.addNode(OnnxGraphs.node("Gemm", p + "cross", List.of(x, p + "means", p + "mean_norms"),
                OnnxGraphs.intAttr("transB", 1), OnnxGraphs.floatAttr("alpha", -2f)));
        graph.addNode(OnnxGraphs.node("Add", p + "squared", List.of(p + "cross", p + "norms")));
        graph.addNode(OnnxGraphs.node("Mul", p + "scaled", List.of(p + "squared", p + "scale")));
        return p + "scaled";
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
    }
}
