package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Adds seeded convolutions (inference form: weights and bias, no BatchNormalization) to a graph.
 * Weights are uniform with the variance of a He-normal initialisation times a gain, filled straight
 * into little-endian bytes; the same seed and the same call order give the same bytes.
 */
final class ConvStack {
    private final GraphProto.Builder graph;
    private final SplittableRandom random;

    ConvStack(GraphProto.Builder graph, long seed) {
        this.graph = graph;
        this.random = new SplittableRandom(seed);
    }

    GraphProto.Builder graph() {
        return graph;
    }

    /**
     * Conv with {@code gain * sqrt(1 / fanIn)} standard deviation weights and small random bias;
     * returns the output tensor name (= {@code name}).
     */
    String conv(String name, String input, int inChannels, int outChannels, int kernel, int stride, int pad,
            double gain, double biasScale) {
        int fanIn = inChannels * kernel * kernel;
        long[] wDims = {outChannels, inChannels, kernel, kernel};
        double limit = gain * Math.sqrt(3.0 / fanIn); // uniform(-l, l) has variance l^2 / 3
        graph.addInitializer(uniform(name + "_W", wDims, limit));
        graph.addInitializer(uniform(name + "_B", new long[] {outChannels}, biasScale));
        graph.addNode(OnnxGraphs.node("Conv", name, List.of(input, name + "_W", name + "_B"),
                OnnxGraphs.intsAttr("kernel_shape", kernel, kernel),
                OnnxGraphs.intsAttr("strides", stride, stride),
                OnnxGraphs.intsAttr("pads", pad, pad, pad, pad),
                OnnxGraphs.intsAttr("dilations", 1, 1),
                OnnxGraphs.intAttr("group", 1)));
        return name;
    }

    String relu(String name, String input) {
        graph.addNode(OnnxGraphs.node("Relu", name, List.of(input)));
        return name;
    }

    String add(String name, String a, String b) {
        graph.addNode(OnnxGraphs.node("Add", name, List.of(a, b)));
        return name;
    }

    String maxPool(String name, String input, int kernel, int stride, int pad) {
        graph.addNode(OnnxGraphs.node("MaxPool", name, List.of(input),
                OnnxGraphs.intsAttr("kernel_shape", kernel, kernel),
                OnnxGraphs.intsAttr("strides", stride, stride),
                OnnxGraphs.intsAttr("pads", pad, pad, pad, pad)));
        return name;
    }

    /** GlobalAveragePool then Flatten(axis=1) into {@code output}. */
    String globalAveragePoolFlatten(String name, String input, String output) {
        graph.addNode(OnnxGraphs.node("GlobalAveragePool", name, List.of(input)));
        graph.addNode(OnnxGraphs.node("Flatten", name + "_flatten", List.of(name), List.of(output),
                OnnxGraphs.intAttr("axis", 1)));
        return output;
    }

    private TensorProto uniform(String name, long[] dims, double limit) {
        int count = Math.toIntExact(OnnxGraphs.elementCount(dims));
        byte[] bytes = new byte[count * Float.BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float scale = (float) (2 * limit);
        float offset = (float) limit;
        for (int i = 0; i < count; i++) {
            buffer.putFloat(i * Float.BYTES, random.nextFloat() * scale - offset);
        }
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(OnnxGraphs.boxed(dims))
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes))
                .build();
    }
}
