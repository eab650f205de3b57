package io.sightline.onnx.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tensors of a float graph get QuantizeLinear / DequantizeLinear, as ONNX Runtime's CPU kernels
 * want them:
 * <ul>
 *   <li>every Conv, and every Gemm with a constant weight (alpha 1, beta 1, transA 0): its data input and
 *       its output, where the output is taken after a ReLU that alone consumes it (ONNX Runtime then fuses
 *       Conv + ReLU into one {@code QLinearConv});</li>
 *   <li>every Add of two quantized tensors: its output, after a ReLU likewise ({@code QLinearAdd});</li>
 *   <li>MaxPool of a quantized tensor: its output, with the parameters of its input, so that ONNX Runtime
 *       drops the pair and pools uint8.</li>
 * </ul>
 */
final class QdqPlan {
    private final Set<String> quantized = new LinkedHashSet<>();
    private final Map<String, String> sameAs = new HashMap<>();
    private final List<NodeProto> weighted = new ArrayList<>();

    private QdqPlan() {
    }

    static QdqPlan of(GraphProto graph) {
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, List<NodeProto>> consumers = new LinkedHashMap<>();
        graph.getNodeList().forEach(n -> n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n)));
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));

        QdqPlan plan = new QdqPlan();
        for (NodeProto node : graph.getNodeList()) {
            if (isWeighted(node, initializers)) {
                plan.weighted.add(node);
                plan.quantized.add(node.getInput(0));
                plan.quantized.add(afterRelu(node, consumers, graphOutputs));
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Add") && node.getInputCount() == 2
                    && node.getInputList().stream().allMatch(i -> !initializers.containsKey(i) && plan.quantized.contains(i))) {
                plan.quantized.add(afterRelu(node, consumers, graphOutputs));
            } else if (node.getOpType().equals("MaxPool") && node.getOutputCount() == 1
                    && plan.quantized.contains(node.getInput(0)) && !graphOutputs.contains(node.getOutput(0))) {
                plan.quantized.add(node.getOutput(0));
                plan.sameAs.put(node.getOutput(0), node.getInput(0));
            }
        }
        return plan;
    }

    /** Tensors that get a QuantizeLinear, in graph order. */
    Set<String> quantized() {
        return quantized;
    }

    /** Tensors whose range calibration measures (the quantized ones that do not copy another's). */
    List<String> calibrated() {
        return quantized.stream().filter(t -> !sameAs.containsKey(t)).toList();
    }

    /** The tensor whose parameters {@code tensor} uses (itself unless it copies another's). */
    String paramsOf(String tensor) {
        String source = tensor;
        while (sameAs.containsKey(source)) {
            source = sameAs.get(source);
        }
        return source;
    }

    /** Conv and Gemm nodes whose weights become int8. */
    List<NodeProto> weighted() {
        return weighted;
    }

    private static boolean isWeighted(NodeProto node, Map<String, TensorProto> initializers) {
        if (node.getInputCount() < 2 || initializers.containsKey(node.getInput(0)) || !initializers.containsKey(node.getInput(1))) {
            return false;
        }
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty() && !initializers.containsKey(node.getInput(2))) {
            return false;
        }
        TensorProto weight = initializers.get(node.getInput(1));
        if (weight.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            return false;
        }
        if (node.getOpType().equals("Conv")) {
            return weight.getDimsCount() >= 3;
        }
        return node.getOpType().equals("Gemm") && weight.getDimsCount() == 2
                && floatAttribute(node, "alpha", 1) == 1 && floatAttribute(node, "beta", 1) == 1
                && intAttribute(node, "transA", 0) == 0;
    }

    /** The node's output, or the output of a ReLU that is its only consumer. */
    private static String afterRelu(NodeProto node, Map<String, List<NodeProto>> consumers, Set<String> graphOutputs) {
        String output = node.getOutput(0);
        List<NodeProto> users = consumers.getOrDefault(output, List.of());
        if (users.size() == 1 && users.get(0).getOpType().equals("Relu") && !graphOutputs.contains(output)) {
            return users.get(0).getOutput(0);
        }
        return output;
    }

    static long intAttribute(NodeProto node, String name, long fallback) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return fallback;
    }

    private static float floatAttribute(NodeProto node, String name, float fallback) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return fallback;
    }
}
