package io.sightline.onnx.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.sightline.onnx.OnnxGraphs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the QDQ form of a float graph from a {@link QdqPlan} and the activations' parameters: a
 * QuantizeLinear after each quantized tensor's producer, one DequantizeLinear per consumer (ONNX Runtime
 * fuses a DQ into one node only), weights int8 symmetric per output channel in 7 bits (zero point 0, scale
 * max|w| / 63, {@link #WEIGHT_MAX}) behind a DequantizeLinear, biases int32 with scale {@code inputScale * weightScale} per
 * channel. The model moves to opset 13 (per-axis QuantizeLinear) when it is older and uses only
 * operators that opset 13 left unchanged.
 */
final class QdqWriter {
    /** Operators whose meaning is the same from opset 9 to 13: a graph of only these may move to opset 13. */
    private static final Set<String> STABLE_TO_13 = Set.of("Conv", "Relu", "Add", "Sub", "Mul", "Div", "MaxPool",
            "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "Gemm", "MatMul", "Identity", "Concat",
            "BatchNormalization", "Sigmoid", "Clip", "Transpose", "Pad");
    private static final int QUANTIZED_OPSET = 13;
    /**
     * Weights use 7 bits ([-63, 63]): on x86 CPUs without VNNI (AVX2 only, e.g. AMD Zen 3), ONNX Runtime's
     * u8 x s8 kernels add pairs of products in 16 bits (vpmaddubsw), which saturates for 255 x 127 x 2 and
     * corrupts the result (a tiny CNN's features moved 12% there); 255 x 63 x 2 fits. The same model then runs
     * correctly on every CPU it may be served on (ONNX Runtime's quantizer calls this reduce_range).
     */
    static final int WEIGHT_MAX = 63;
    private static final long MIN_IR_VERSION = 7;

    private final ModelProto model;
    private final QdqPlan plan;
    private final Map<String, QuantParams> params;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final GraphProto.Builder out;
    private int dequantizers;

    private QdqWriter(ModelProto model, QdqPlan plan, Map<String, QuantParams> params) {
        this.model = model;
        this.plan = plan;
        this.params = params;
        model.getGraph().getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        this.out = model.getGraph().toBuilder().clearNode().clearInitializer();
    }

    /** @param params the parameters of every tensor in {@link QdqPlan#calibrated()} */
    static ModelProto write(ModelProto model, QdqPlan plan, Map<String, QuantParams> params) {
        return new QdqWriter(model, plan, params).write();
    }

    private ModelProto write() {
        GraphProto graph = model.getGraph();
        for (var input : graph.getInputList()) {
            if (plan.quantized().contains(input.getName())) {
                quantize(input.getName());
            }
        }
        Set<NodeProto> weighted = new HashSet<>(plan.weighted());
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder rewritten = node.toBuilder().clearInput();
            for (int i = 0; i < node.getInputCount(); i++) {
                String input = node.getInput(i);
                if (weighted.contains(node) && i == 1) {
                    rewritten.addInput(weight(node));
                } else if (weighted.contains(node) && i == 2 && !input.isEmpty()) {
                    rewritten.addInput(bias(node));
                } else if (plan.quantized().contains(input)) {
                    rewritten.addInput(dequantize(input));
                } else {
                    rewritten.addInput(input);
                }
            }
            out.addNode(rewritten);
            node.getOutputList().stream().filter(plan.quantized()::contains).forEach(this::quantize);
        }
        Set<String> used = new HashSet<>();
        out.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        graph.getOutputList().forEach(o -> used.add(o.getName()));
        initializers.values().stream().filter(t -> used.contains(t.getName())).forEach(out::addInitializer);
        return withOpset(model.toBuilder().setGraph(out).build());
    }

    private QuantParams paramsOf(String tensor) {
        QuantParams p = params.get(plan.paramsOf(tensor));
        if (p == null) {
            throw new IllegalStateException("no calibrated range for " + tensor);
        }
        return p;
    }

    private void quantize(String tensor) {
        QuantParams p = paramsOf(tensor);
        addInitializer(OnnxGraphs.floatTensor(tensor + "/scale", new long[0], new float[] {p.scale()}));
        addInitializer(OnnxGraphs.rawTensor(tensor + "/zero_point", DataType.UINT8, new long[0], new byte[] {(byte) p.zeroPoint()}));
        out.addNode(OnnxGraphs.node("QuantizeLinear", tensor + "/QuantizeLinear",
                List.of(tensor, tensor + "/scale", tensor + "/zero_point"), List.of(tensor + "/quantized")));
    }

    private String dequantize(String tensor) {
        String output = tensor + "/dequantized_" + (dequantizers++);
        out.addNode(OnnxGraphs.node("DequantizeLinear", output + "/DequantizeLinear",
                List.of(tensor + "/quantized", tensor + "/scale", tensor + "/zero_point"), List.of(output)));
        return output;
    }

    // ---------------------------------------------------------------- weights and biases

    /** Per output channel: the channel axis of the weight, and each channel's scale. */
    private record WeightScales(int axis, float[] scales) {
    }

    private final Map<NodeProto, WeightScales> weightScales = new HashMap<>();

    private String weight(NodeProto node) {
        TensorProto tensor = initializers.get(node.getInput(1));
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        float[] values = OnnxGraphs.floats(tensor);
        int axis = node.getOpType().equals("Gemm") && QdqPlan.intAttribute(node, "transB", 0) == 0 ? 1 : 0;
        int channels = Math.toIntExact(dims[axis]);
        int stride = axis == 0 ? values.length / channels : 1; // elements of one channel: a block (axis 0) or a column
        int step = axis == 0 ? 1 : channels;
        int perChannel = values.length / channels;
        float[] scales = new float[channels];
        byte[] quantized = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            int first = axis == 0 ? c * stride : c;
            double maxAbs = 0;
            for (int k = 0; k < perChannel; k++) {
                maxAbs = Math.max(maxAbs, Math.abs(values[first + k * step]));
            }
            scales[c] = maxAbs > 0 ? (float) (maxAbs / WEIGHT_MAX) : 1f;
            for (int k = 0; k < perChannel; k++) {
                int index = first + k * step;
                long q = Math.round(values[index] / scales[c]);
                quantized[index] = (byte) Math.max(-WEIGHT_MAX, Math.min(WEIGHT_MAX, q));
            }
        }
        weightScales.put(node, new WeightScales(axis, scales));
        String prefix = prefix(node) + "/weight";
        addInitializer(OnnxGraphs.rawTensor(prefix + "_quantized", DataType.INT8, dims, quantized));
        addInitializer(OnnxGraphs.floatTensor(prefix + "_scale", new long[] {channels}, scales));
        addInitializer(OnnxGraphs.rawTensor(prefix + "_zero_point", DataType.INT8, new long[] {channels}, new byte[channels]));
        out.addNode(OnnxGraphs.node("DequantizeLinear", prefix + "/DequantizeLinear",
                List.of(prefix + "_quantized", prefix + "_scale", prefix + "_zero_point"), List.of(prefix + "_dequantized"),
                OnnxGraphs.intAttr("axis", axis)));
        return prefix + "_dequantized";
    }

    /** Called after {@link #weight} for the same node (input order). */
    private String bias(NodeProto node) {
        float[] bias = OnnxGraphs.floats(initializers.get(node.getInput(2)));
        float[] weightScale = weightScales.get(node).scales();
        if (bias.length != weightScale.length) {
            throw new IllegalArgumentException(node.getOpType() + " " + node.getName() + " has " + bias.length
                    + " biases for " + weightScale.length + " output channels");
        }
        float inputScale = paramsOf(node.getInput(0)).scale();
        float[] scales = new float[bias.length];
        ByteBuffer quantized = ByteBuffer.allocate(bias.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < bias.length; c++) {
            scales[c] = inputScale * weightScale[c];
            long q = Math.round(bias[c] / (double) scales[c]);
            quantized.putInt((int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, q)));
        }
        String prefix = prefix(node) + "/bias";
        addInitializer(OnnxGraphs.rawTensor(prefix + "_quantized", DataType.INT32, new long[] {bias.length}, quantized.array()));
        addInitializer(OnnxGraphs.floatTensor(prefix + "_scale", new long[] {bias.length}, scales));
        out.addNode(OnnxGraphs.node("DequantizeLinear", prefix + "/DequantizeLinear",
                List.of(prefix + "_quantized", prefix + "_scale"), List.of(prefix + "_dequantized"),
                OnnxGraphs.intAttr("axis", 0)));
        return prefix + "_dequantized";
    }

    private static String prefix(NodeProto node) {
        return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
    }

    private void addInitializer(TensorProto tensor) {
        if (initializers.putIfAbsent(tensor.getName(), tensor) != null) {
            throw new IllegalArgumentException("the model already has a tensor named " + tensor.getName());
        }
    }

    // ---------------------------------------------------------------- opset

    private static ModelProto withOpset(ModelProto model) {
        long opset = OnnxGraphs.opset(model);
        ModelProto.Builder builder = model.toBuilder().setIrVersion(Math.max(model.getIrVersion(), MIN_IR_VERSION));
        if (opset >= QUANTIZED_OPSET) {
            return builder.build();
        }
        for (NodeProto node : model.getGraph().getNodeList()) {
            boolean ours = node.getOpType().equals("QuantizeLinear") || node.getOpType().equals("DequantizeLinear");
            if (!ours && (!node.getDomain().isEmpty() || !STABLE_TO_13.contains(node.getOpType()))) {
                throw new IllegalArgumentException("cannot quantize a model of opset " + opset + " that uses "
                        + node.getOpType() + ": int8 needs opset 13 (per-channel weights), and " + node.getOpType()
                        + " changed meaning on the way");
            }
        }
        builder.clearOpsetImport();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            boolean standard = o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx");
            builder.addOpsetImport(standard ? o.toBuilder().setVersion(QUANTIZED_OPSET).build() : o);
        }
        return builder.build();
    }
}
