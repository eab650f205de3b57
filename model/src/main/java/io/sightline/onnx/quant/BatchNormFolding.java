package io.sightline.onnx.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.sightline.onnx.OnnxGraphs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds each inference-mode BatchNormalization into the Conv that alone feeds it: with
 * {@code s = gamma / sqrt(var + eps)}, {@code W' = W * s} per output channel and
 * {@code b' = (b - mean) * s + beta}. The Conv then writes the BatchNormalization's output. Quantizing
 * the folded weights is what makes the int8 convolution match the float one.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    public static ModelProto fold(ModelProto model) {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, Integer> uses = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getInputList().forEach(i -> uses.merge(i, 1, Integer::sum)));
        graph.getOutputList().forEach(o -> uses.merge(o.getName(), 1, Integer::sum));
        Map<String, NodeProto> producers = new HashMap<>();
        graph.getNodeList().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));

        Map<NodeProto, NodeProto> foldedConv = new HashMap<>(); // batch norm -> replacement conv
        Set<NodeProto> removed = new HashSet<>();
        for (NodeProto bn : graph.getNodeList()) {
            if (!bn.getOpType().equals("BatchNormalization") || bn.getOutputCount() != 1 || bn.getInputCount() != 5) {
                continue;
            }
            NodeProto conv = producers.get(bn.getInput(0));
            if (conv == null || !conv.getOpType().equals("Conv") || uses.getOrDefault(bn.getInput(0), 0) != 1
                    || !initializers.containsKey(conv.getInput(1))
                    || (conv.getInputCount() > 2 && !conv.getInput(2).isEmpty() && !initializers.containsKey(conv.getInput(2)))
                    || !bn.getInputList().subList(1, 5).stream().allMatch(initializers::containsKey)) {
                continue;
            }
            NodeProto folded = fold(conv, bn, initializers);
            foldedConv.put(bn, folded);
            removed.add(conv);
        }
        if (foldedConv.isEmpty()) {
            return model;
        }
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer();
        for (NodeProto node : graph.getNodeList()) {
            if (foldedConv.containsKey(node)) {
                out.addNode(foldedConv.get(node)); // the conv moves to where its batch norm was: still topological
            } else if (!removed.contains(node)) {
                out.addNode(node);
            }
        }
        Set<String> used = new HashSet<>();
        out.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        initializers.values().stream().filter(t -> used.contains(t.getName())).forEach(out::addInitializer);
        Set<String> gone = new HashSet<>(initializers.keySet());
        gone.removeAll(used);
        out.clearValueInfo();
        graph.getValueInfoList().stream().filter(v -> !gone.contains(v.getName())).forEach(out::addValueInfo);
        if (model.getIrVersion() < 4) { // initializers are also graph inputs before IR 4
            out.clearInput();
            graph.getInputList().stream().filter(i -> !gone.contains(i.getName())).forEach(out::addInput);
        }
        return model.toBuilder().setGraph(out).build();
    }

    private static NodeProto fold(NodeProto conv, NodeProto bn, Map<String, TensorProto> initializers) {
        TensorProto weightTensor = initializers.get(conv.getInput(1));
        float[] weights = OnnxGraphs.floats(weightTensor);
        int channels = Math.toIntExact(weightTensor.getDims(0));
        float[] gamma = OnnxGraphs.floats(initializers.get(bn.getInput(1)));
        float[] beta = OnnxGraphs.floats(initializers.get(bn.getInput(2)));
        float[] mean = OnnxGraphs.floats(initializers.get(bn.getInput(3)));
        float[] variance = OnnxGraphs.floats(initializers.get(bn.getInput(4)));
        boolean hasBias = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty();
        float[] bias = hasBias ? OnnxGraphs.floats(initializers.get(conv.getInput(2))) : new float[channels];
        if (gamma.length != channels || beta.length != channels || mean.length != channels
                || variance.length != channels || bias.length != channels) {
            throw new IllegalArgumentException("BatchNormalization " + bn.getName() + " does not match the "
                    + channels + " channels of " + conv.getName());
        }
        double epsilon = 1e-5;
        for (AttributeProto a : bn.getAttributeList()) {
            if (a.getName().equals("epsilon")) {
                epsilon = a.getF();
            }
        }
        int perChannel = weights.length / channels;
        float[] foldedBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            double s = gamma[c] / Math.sqrt(variance[c] + epsilon);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                weights[i] = (float) (weights[i] * s);
            }
            foldedBias[c] = (float) ((bias[c] - mean[c]) * s + beta[c]);
        }
        String weightName = conv.getInput(1) + "_bn_folded";
        String biasName = (hasBias ? conv.getInput(2) : conv.getName() + "_bias") + "_bn_folded";
        long[] dims = weightTensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        initializers.put(weightName, OnnxGraphs.floatTensor(weightName, dims, weights));
        initializers.put(biasName, OnnxGraphs.floatTensor(biasName, new long[] {channels}, foldedBias));
        return conv.toBuilder().clearInput().addAllInput(List.of(conv.getInput(0), weightName, biasName))
                .clearOutput().addOutput(bn.getOutput(0)).build();
    }
}
