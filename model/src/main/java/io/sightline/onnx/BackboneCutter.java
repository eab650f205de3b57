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
 * Softmax / Add / Flatten / Reshape / Identity / Sigmoid / LogSoftmax. Quantized classifiers too: in QDQ
 * form the walk passes QuantizeLinear / DequantizeLinear and the features are the float tensor before the
 * final Gemm's QuantizeLinear; in QOperator form (QLinearMatMul, QGemm, MatMulInteger, QLinearAdd, the
 * rescaling Cast and Mul) they are the float input of the QuantizeLinear that feeds it, or, when only a
 * quantized tensor exists (a uint8 Flatten), that tensor through an appended DequantizeLinear with the
 * layer's own input scale and zero point. The result takes {@code pixels}
 * (NCHW float 0..1, normalised inside the graph with the given preprocessing, feeding the original
 * input) and outputs {@code features} [N,D] through an Identity; nodes and initializers no longer
 * needed are dropped and the model keeps its opset.
 */
public final class BackboneCutter {
    private static final Set<String> PASS_THROUGH =
            Set.of("Softmax", "LogSoftmax", "Sigmoid", "Add", "Flatten", "Reshape", "Identity", "Squeeze");
    /** Quantization steps between the final layer and the output (QDQ and QOperator forms). */
    private static final Set<String> QUANTIZATION = Set.of("QuantizeLinear", "DequantizeLinear", "QLinearAdd", "Cast");
    private static final Set<String> FULLY_CONNECTED = Set.of("Gemm", "MatMul", "QLinearMatMul", "QGemm", "MatMulInteger");

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

        FinalLayer last = finalLayer(graph.getOutput(0).getName(), producers, initializers);
        String features = last.features();
        int dimension = last.dimension();
        NodeProto fc = last.fc();

        // keep the nodes the feature tensor needs, in their original (topological) order
        Set<String> needed = new HashSet<>();
        Set<NodeProto> keep = new HashSet<>();
        if (last.dequantize() != null) {
            producers.put(features, last.dequantize());
        }
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
        List<NodeProto> nodes = new ArrayList<>(graph.getNodeList());
        if (last.dequantize() != null) {
            nodes.add(last.dequantize());
        }
        for (NodeProto node : nodes) {
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

    /** The final fully-connected layer, the float tensor of its features and, when only a quantized one exists, a DequantizeLinear. */
    private record FinalLayer(NodeProto fc, String features, int dimension, NodeProto dequantize) {
    }

    private static FinalLayer finalLayer(String output, Map<String, NodeProto> producers, Map<String, TensorProto> initializers) {
        String tensor = output;
        NodeProto fc = null;
        for (int steps = 0; steps < 32 && fc == null; steps++) {
            NodeProto node = producers.get(tensor);
            if (node == null) {
                break;
            }
            if (FULLY_CONNECTED.contains(node.getOpType())) {
                fc = node;
            } else if (node.getOpType().equals("Mul")) {
                tensor = mulDataInput(node, producers, initializers);
            } else if (PASS_THROUGH.contains(node.getOpType()) || QUANTIZATION.contains(node.getOpType())) {
                tensor = dataInput(node, initializers);
            } else {
                break;
            }
        }
        if (fc == null) {
            throw new IllegalArgumentException("no final Gemm or MatMul (nor QLinearMatMul, QGemm, MatMulInteger) feeds the output '"
                    + output + "'");
        }
        return switch (fc.getOpType()) {
            case "Gemm", "MatMul" -> floatLayer(fc, producers, initializers);
            default -> quantizedLayer(fc, producers, initializers);
        };
    }

    /** Gemm or MatMul: its data input, taken before a QuantizeLinear / DequantizeLinear pair (QDQ form). */
    private static FinalLayer floatLayer(NodeProto fc, Map<String, NodeProto> producers, Map<String, TensorProto> initializers) {
        if (fc.getOpType().equals("Gemm") && intAttribute(fc, "transA", 0) != 0) {
            throw new IllegalArgumentException("final Gemm with transA=1 is not supported");
        }
        String a = fc.getInput(0);
        boolean weightFirst = fc.getOpType().equals("MatMul") && weight(fc.getInput(0), producers, initializers) != null
                && weight(fc.getInput(1), producers, initializers) == null;
        String data = weightFirst ? fc.getInput(1) : a;
        TensorProto weights = weight(weightFirst ? a : fc.getInput(1), producers, initializers);
        if (weights == null || weights.getDimsCount() != 2) {
            throw new IllegalArgumentException("the final " + fc.getOpType() + " has no constant 2-D weight");
        }
        boolean transposed = fc.getOpType().equals("Gemm") && intAttribute(fc, "transB", 0) != 0;
        long dim = transposed || weightFirst ? weights.getDims(1) : weights.getDims(0);
        String features = data;
        NodeProto dq = producers.get(data);
        if (dq != null && dq.getOpType().equals("DequantizeLinear")) {
            NodeProto q = producers.get(dq.getInput(0));
            if (q != null && q.getOpType().equals("QuantizeLinear")) {
                features = q.getInput(0); // the float tensor before its int8 round trip
            }
        }
        return new FinalLayer(fc, features, Math.toIntExact(dim), null);
    }

    /**
     * QLinearMatMul, QGemm (inputs A, A scale, A zero point, B, ...) or MatMulInteger (A, B, A zero point, ...):
     * the float tensor a QuantizeLinear made A from, else A dequantized with A's own scale and zero point.
     */
    private static FinalLayer quantizedLayer(NodeProto fc, Map<String, NodeProto> producers, Map<String, TensorProto> initializers) {
        boolean integer = fc.getOpType().equals("MatMulInteger");
        if (fc.getOpType().equals("QGemm") && intAttribute(fc, "transA", 0) != 0) {
            throw new IllegalArgumentException("final QGemm with transA=1 is not supported");
        }
        int weightInput = integer ? 1 : 3;
        if (fc.getInputCount() <= weightInput) {
            throw new IllegalArgumentException("the final " + fc.getOpType() + " has too few inputs");
        }
        TensorProto weights = weight(fc.getInput(weightInput), producers, initializers);
        if (weights == null || weights.getDimsCount() != 2) {
            throw new IllegalArgumentException("the final " + fc.getOpType() + " has no constant 2-D weight");
        }
        boolean transposed = fc.getOpType().equals("QGemm") && intAttribute(fc, "transB", 0) != 0;
        int dimension = Math.toIntExact(transposed ? weights.getDims(1) : weights.getDims(0));
        String a = fc.getInput(0);
        NodeProto producer = producers.get(a);
        if (producer != null && (producer.getOpType().equals("QuantizeLinear")
                || producer.getOpType().equals("DynamicQuantizeLinear"))) {
            return new FinalLayer(fc, producer.getInput(0), dimension, null);
        }
        if (integer) {
            throw new IllegalArgumentException("the final MatMulInteger's input '" + a
                    + "' is quantized elsewhere: its scale is unknown, so no float features can be taken");
        }
        List<String> inputs = List.of(a, fc.getInput(1), fc.getInput(2));
        String features = "sightline_features_dequantized";
        NodeProto dequantize = OnnxGraphs.node("DequantizeLinear", "sightline_features_dequantize", inputs, List.of(features));
        return new FinalLayer(fc, features, dimension, dequantize);
    }

    /** A constant weight: an initializer, or an initializer through a DequantizeLinear (QDQ form); else null. */
    private static TensorProto weight(String name, Map<String, NodeProto> producers, Map<String, TensorProto> initializers) {
        TensorProto direct = initializers.get(name);
        if (direct != null) {
            return direct;
        }
        NodeProto producer = producers.get(name);
        if (producer != null && producer.getOpType().equals("DequantizeLinear")) {
            return initializers.get(producer.getInput(0));
        }
        return null;
    }

    /** A Mul on the way back (MatMulInteger's rescaling): the input a Cast made, else its first data input. */
    private static String mulDataInput(NodeProto mul, Map<String, NodeProto> producers, Map<String, TensorProto> initializers) {
        for (String input : mul.getInputList()) {
            NodeProto producer = producers.get(input);
            if (producer != null && producer.getOpType().equals("Cast")) {
                return input;
            }
        }
        return dataInput(mul, initializers);
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
