package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.sightline.image.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small helpers over the generated ONNX protobuf classes: initializers, nodes, value infos,
 * normalisation prefix, model (de)serialisation.
 */
public final class OnnxGraphs {
    /** Opset of the graphs Sightline generates. */
    public static final int OPSET = 13;
    /** IR version written with {@link #OPSET} (ONNX 1.8+ readers). */
    public static final long IR_VERSION = 7;
    public static final String PRODUCER = "sightline";

    /** Graph input of every model Sightline runs: float NCHW RGB 0..1. */
    public static final String PIXELS = "pixels";
    /** Output of a feature extractor, input of a head. */
    public static final String FEATURES = "features";
    /** Output of a head and of an end-to-end model. */
    public static final String PROBABILITIES = "probabilities";
    /** Second output of a head and of an end-to-end model that carries one: [N], higher = less like training. */
    public static final String UNKNOWN_SCORE = "unknown_score";
    /** Symbolic batch dimension. */
    public static final String BATCH = "N";

    private static final int MAX_MESSAGE_BYTES = Integer.MAX_VALUE;

    private OnnxGraphs() {
    }

    // ---------------------------------------------------------------- initializers

    /** A float initializer stored as little-endian raw_data. */
    public static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return floatTensor(name, dims, buffer);
    }

    /**
     * A float initializer from little-endian bytes (position 0 to limit); the element count must match
     * {@code dims}.
     */
    public static TensorProto floatTensor(String name, long[] dims, ByteBuffer littleEndianFloats) {
        long count = elementCount(dims);
        ByteBuffer data = littleEndianFloats.duplicate();
        data.position(0);
        if (data.remaining() != count * Float.BYTES) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for " + count + " floats");
        }
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(data))
                .build();
    }

    /** An initializer of any element type from its little-endian bytes (not copied: do not change them). */
    public static TensorProto rawTensor(String name, TensorProto.DataType type, long[] dims, byte[] littleEndian) {
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(type.getNumber())
                .addAllDims(boxed(dims))
                .setRawData(com.google.protobuf.UnsafeByteOperations.unsafeWrap(littleEndian))
                .build();
    }

    /** The values of a float initializer (raw_data or float_data). */
    public static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException(tensor.getName() + " is not a float tensor");
        }
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }

    /** Number of elements an initializer holds, from its dims. */
    public static long elementCount(TensorProto tensor) {
        long count = 1;
        for (long d : tensor.getDimsList()) {
            count *= d;
        }
        return count;
    }

    static long elementCount(long[] dims) {
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d);
            }
            count *= d;
        }
        return count;
    }

    // ---------------------------------------------------------------- nodes and attributes

    public static NodeProto node(String opType, String name, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(opType)
                .setName(name)
                .addAllInput(inputs)
                .addAllOutput(outputs);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        return node.build();
    }

    /** A node with one output named like the node. */
    public static NodeProto node(String opType, String name, List<String> inputs, AttributeProto... attributes) {
        return node(opType, name, inputs, List.of(name), attributes);
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }

    // ---------------------------------------------------------------- value infos

    /**
     * A tensor value info; each dimension is a {@link Number} (fixed) or a {@link String} (symbolic,
     * e.g. {@link #BATCH}).
     */
    public static ValueInfoProto valueInfo(String name, TensorProto.DataType elementType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof Number n) {
                d.setDimValue(n.longValue());
            } else if (dim instanceof String s) {
                d.setDimParam(s);
            } else {
                throw new IllegalArgumentException("dimension must be a number or a name: " + dim);
            }
            shape.addDim(d);
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elementType.getNumber()).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    public static ValueInfoProto floatInfo(String name, Object... dims) {
        return valueInfo(name, TensorProto.DataType.FLOAT, dims);
    }

    /** The fixed dimensions of a value info; -1 where a dimension is symbolic or unknown. */
    public static long[] dims(ValueInfoProto info) {
        TensorShapeProto shape = info.getType().getTensorType().getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return dims;
    }

    // ---------------------------------------------------------------- normalisation

    /** Name prefix of the normalisation nodes and constants. */
    static final String NORM_PREFIX = "sightline_norm_";

    /**
     * Adds {@code output = (input - mean) / std} with [1,3,1,1] constants from the preprocessing: the
     * first operations of every graph Sightline runs.
     */
    public static void addNormalisation(GraphProto.Builder graph, Preprocessing preprocessing, String input, String output) {
        long[] dims = {1, 3, 1, 1};
        String mean = NORM_PREFIX + "mean";
        String std = NORM_PREFIX + "std";
        String centred = NORM_PREFIX + "centred";
        graph.addInitializer(floatTensor(mean, dims, preprocessing.mean()));
        graph.addInitializer(floatTensor(std, dims, preprocessing.std()));
        graph.addNode(node("Sub", NORM_PREFIX + "sub", List.of(input, mean), List.of(centred)));
        graph.addNode(node("Div", NORM_PREFIX + "div", List.of(centred, std), List.of(output)));
    }

    // ---------------------------------------------------------------- models

    /** A model at {@link #OPSET} in the default domain. */
    public static ModelProto model(GraphProto graph, String docString) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion("1")
                .setDocString(docString == null ? "" : docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    /** The default-domain opset a model imports (0 when none is declared). */
    public static long opset(ModelProto model) {
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
                return opset.getVersion();
            }
        }
        return 0;
    }

    public static byte[] toBytes(ModelProto model) {
        return model.toByteArray();
    }

    public static void write(ModelProto model, Path file) {
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelProto parse(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(MAX_MESSAGE_BYTES);
            return ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    public static ModelProto parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(MAX_MESSAGE_BYTES);
            return ModelProto.parseFrom(coded);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable ONNX model: " + e.getMessage(), e);
        }
    }

    /** Total number of elements of all initializers whose name does not start with {@code excludePrefix}. */
    public static long parameterCount(GraphProto graph, String excludePrefix) {
        long total = 0;
        for (TensorProto t : graph.getInitializerList()) {
            if (excludePrefix == null || !t.getName().startsWith(excludePrefix)) {
                total += elementCount(t);
            }
        }
        return total;
    }

    static List<Long> boxed(long[] dims) {
        List<Long> list = new ArrayList<>(dims.length);
        for (long d : dims) {
            list.add(d);
        }
        return list;
    }
}
