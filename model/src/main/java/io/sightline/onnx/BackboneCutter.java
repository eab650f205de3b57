package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.sightline.image.Preprocessing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an image classifier into a feature extractor (SPEC section 6): the features are the data
 * input of the final Gemm or MatMul, found by walking back from the graph output through
 * Softmax / Add / Flatten / Reshape / Identity / Sigmoid / LogSoftmax. The result takes {@code pixels}
 * (NCHW float 0..1, normalised inside the graph with the given preprocessing, feeding the original
 * input) and outputs {@code features} [N,D] through an Identity; nodes and initializers no longer
 * needed are dropped and the model keeps its opset.
 */
public final class BackboneCutter {
    private static final Set<String> PASS_THROUGH =
            Set.of("Softmax", "LogSoftmax", "Sigmoid", "Add", "Flatten", "Reshape", "Identity", "Squeeze");

    /** A cut model and what was found. */
    public record Cut(ModelProto model, String featureTensor, int featureDimension, String originalInput) {
    }

    private BackboneCutter() {
    }

    public static ModelProto cut(ModelProto classifier, Preprocessing preprocessing) {
        return cutDetailed(classifier, preprocessing).model();
    }

    public static Cut cutDetailed(ModelProto classifier, Preprocessing preprocessing) {
        GraphProto graph = classifier.getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, NodeProto> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            node.getOutputList().forEach(o -> producers.put(o, node));
        }
        List<ValueInfoProto> dataInputs = graph.getInputList().stream()
                .filter(i -> !initializers.containsKey(i.getName())).toList();
        if (dataInputs.size() != 1) {
            throw new IllegalArgumentException("expected an image classifier with one input, found " + dataInputs.size());
        }
        if (graph.getOutputCount() < 1) {
            throw new IllegalArgumentException("the model has no output");
        }
        ValueInfoProto originalInput = dataInputs.get(0);

        // walk back from the first output to the final Gemm / MatMul
        String tensor = graph.getOutput(0).getName();
        NodeProto fc = null;
        for (int steps = 0; steps < 32 && fc == null; steps++) {
            NodeProto node = producers.get(tensor);
            if (node == null) {
                break;
            }
            if (node.getOpType().equals("Gemm") || node.getOpType().equals("MatMul")) {
                fc = node;
            } else if (PASS_THROUGH.contains(node.getOpType())) {
                tensor = dataInput(node, initializers);
            } else {
                break;
            }
        }
        if (fc == null) {
            throw new IllegalArgumentException("no final Gemm or MatMul feeds the output '" + graph.getOutput(0).getName() + "'");
        }
        String features = fcDataInput(fc, initializers);
        int dimension = featureDimension(fc, features, initializers);

        // keep the nodes the feature tensor needs, in their original (topological) order
        Set<String> needed = new HashSet<>();
        Set<NodeProto> keep = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(features));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!needed.add(name)) {
                continue;
            }
            NodeProto producer = producers.get(name);
            if (producer != null && keep.add(producer)) {
                producer.getInputList().stream().filter(i -> !i.isEmpty()).forEach(todo::push);
                subgraphInputs(producer).forEach(todo::push);
            }
        }
        if (!needed.contains(originalInput.getName())) {
            throw new IllegalArgumentException("the features do not depend on the model input '" + originalInput.getName() + "'");
        }

        String inputName = originalInput.getName();
        String renamedInput = inputName.equals(OnnxGraphs.PIXELS) ? "pixels_normalised" : inputName;
        GraphProto.Builder cut = GraphProto.newBuilder()
                .setName(graph.getName().isEmpty() ? "features" : graph.getName() + "_features")
                .setDocString(graph.getDocString());
        cut.addInput(originalInput.toBuilder().setName(OnnxGraphs.PIXELS));
        OnnxGraphs.addNormalisation(cut, preprocessing, OnnxGraphs.PIXELS, renamedInput);
        for (TensorProto t : graph.getInitializerList()) {
            if (needed.contains(t.getName())) {
                cut.addInitializer(t);
            }
        }
        if (classifier.getIrVersion() < 4) { // initializers must also be graph inputs before IR 4
            graph.getInputList().stream()
                    .filter(i -> initializers.containsKey(i.getName()) && needed.contains(i.getName()))
                    .forEach(cut::addInput);
        }
        for (NodeProto node : graph.getNodeList()) {
            if (keep.contains(node)) {
                if (renamedInput.equals(inputName)) {
                    cut.addNode(node);
                } else {
                    NodeProto.Builder b = node.toBuilder().clearInput();
                    node.getInputList().forEach(i -> b.addInput(i.equals(inputName) ? renamedInput : i));
                    cut.addNode(b);
                }
            }
        }
        for (ValueInfoProto v : graph.getValueInfoList()) {
            if (needed.contains(v.getName()) && !v.getName().equals(inputName)) {
                cut.addValueInfo(v);
            }
        }
        cut.addNode(OnnxGraphs.node("Identity", "sightline_features", List.of(features), List.of(OnnxGraphs.FEATURES)));
        Object batch = batchDimension(originalInput);
        cut.addOutput(OnnxGraphs.floatInfo(OnnxGraphs.FEATURES, batch, dimension));

        ModelProto model = classifier.toBuilder()
                .setGraph(cut)
                .setDocString("features = input of the final " + fc.getOpType() + " ('" + features + "') of: "
                        + classifier.getDocString())
                .build();
        return new Cut(model, features, dimension, inputName);
    }

    private static String dataInput(NodeProto node, Map<String, TensorProto> initializers) {
        for (String input : node.getInputList()) {
            if (!input.isEmpty() && !initializers.containsKey(input)) {
                return input;
            }
        }
        throw new IllegalArgumentException("node " + node.getName() + " has no data input");
    }

    private static String fcDataInput(NodeProto fc, Map<String, TensorProto> initializers) {
        if (fc.getOpType().equals("Gemm") && intAttribute(fc, "transA", 0) != 0) {
            throw new IllegalArgumentException("final Gemm with transA=1 is not supported");
        }
        String a = fc.getInput(0);
        if (initializers.containsKey(a) && fc.getOpType().equals("MatMul")) {
            return fc.getInput(1);
        }
        return a;
    }

    private static int featureDimension(NodeProto fc, String features, Map<String, TensorProto> initializers) {
        String weightName = fc.getInput(0).equals(features) ? fc.getInput(1) : fc.getInput(0);
        TensorProto weights = initializers.get(weightName);
        if (weights == null || weights.getDimsCount() != 2) {
            throw new IllegalArgumentException("the final " + fc.getOpType() + " has no constant 2-D weight");
        }
        boolean transposed = fc.getOpType().equals("Gemm") && intAttribute(fc, "transB", 0) != 0;
        boolean weightFirst = !fc.getInput(0).equals(features);
        long dim = transposed ? weights.getDims(1) : weightFirst ? weights.getDims(1) : weights.getDims(0);
        return Math.toIntExact(dim);
    }

    private static long intAttribute(NodeProto node, String name, long fallback) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return fallback;
    }

    /** Outer-scope names used inside If/Loop/Scan bodies. */
    private static List<String> subgraphInputs(NodeProto node) {
        List<String> names = new ArrayList<>();
        for (AttributeProto a : node.getAttributeList()) {
            List<GraphProto> graphs = new ArrayList<>(a.getGraphsList());
            if (a.hasG()) {
                graphs.add(a.getG());
            }
            for (GraphProto g : graphs) {
                g.getNodeList().forEach(n -> names.addAll(n.getInputList()));
            }
        }
        return names;
    }

    private static Object batchDimension(ValueInfoProto input) {
        var shape = input.getType().getTensorType().getShape();
        if (shape.getDimCount() > 0) {
            var d = shape.getDim(0);
            if (d.hasDimValue()) {
                return d.getDimValue();
            }
            if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                return d.getDimParam();
            }
        }
        return OnnxGraphs.BATCH;
    }
}
