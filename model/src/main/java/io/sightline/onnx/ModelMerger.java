package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joins a feature extractor ({@code pixels} → {@code features}) and a head ({@code features} →
 * {@code probabilities}, and possibly {@code unknown_score}) into one end-to-end model with the head's
 * outputs. The head's nodes, initializers and internal tensors get the {@link #HEAD_PREFIX}; opsets and
 * IR version are the maximum of the two.
 */
public final class ModelMerger {
    public static final String HEAD_PREFIX = "head/";

    private ModelMerger() {
    }

    public static ModelProto merge(ModelProto featureExtractor, ModelProto head, Map<String, String> metadata) {
        GraphProto fe = featureExtractor.getGraph();
        GraphProto hg = head.getGraph();
        requireSingle(fe, OnnxGraphs.PIXELS, OnnxGraphs.FEATURES, "feature extractor");
        requireHead(hg);

        GraphProto.Builder graph = fe.toBuilder().clearOutput().setName("sightline_end_to_end");
        for (TensorProto t : hg.getInitializerList()) {
            graph.addInitializer(t.toBuilder().setName(rename(t.getName())));
        }
        for (NodeProto n : hg.getNodeList()) {
            NodeProto.Builder node = n.toBuilder().clearInput().clearOutput();
            if (!n.getName().isEmpty()) {
                node.setName(HEAD_PREFIX + n.getName());
            }
            n.getInputList().forEach(i -> node.addInput(rename(i)));
            n.getOutputList().forEach(o -> node.addOutput(rename(o)));
            graph.addNode(node);
        }
        for (ValueInfoProto v : hg.getValueInfoList()) {
            graph.addValueInfo(v.toBuilder().setName(rename(v.getName())));
        }
        graph.addValueInfo(fe.getOutput(0));
        hg.getOutputList().forEach(graph::addOutput);

        Map<String, Long> opsets = new LinkedHashMap<>();
        for (ModelProto m : new ModelProto[] {featureExtractor, head}) {
            for (OperatorSetIdProto o : m.getOpsetImportList()) {
                String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
                opsets.merge(domain, o.getVersion(), Math::max);
            }
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(Math.max(featureExtractor.getIrVersion(), head.getIrVersion()))
                .setProducerName(OnnxGraphs.PRODUCER)
                .setProducerVersion("1")
                .setDocString("Sightline end-to-end classifier: pixels (float NCHW RGB 0..1) → normalisation → backbone → head → probabilities")
                .setGraph(graph);
        opsets.forEach((domain, version) -> model.addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private static String rename(String name) {
        if (name.isEmpty() || name.equals(OnnxGraphs.FEATURES) || name.equals(OnnxGraphs.PROBABILITIES)
                || name.equals(OnnxGraphs.UNKNOWN_SCORE)) {
            return name;
        }
        return HEAD_PREFIX + name;
    }

    /** A head maps features to probabilities, optionally followed by the unknown score. */
    private static void requireHead(GraphProto graph) {
        boolean hasInput = graph.getInputList().stream().anyMatch(i -> i.getName().equals(OnnxGraphs.FEATURES));
        int outputs = graph.getOutputCount();
        boolean valid = hasInput && outputs >= 1 && outputs <= 2
                && graph.getOutput(0).getName().equals(OnnxGraphs.PROBABILITIES)
                && (outputs == 1 || graph.getOutput(1).getName().equals(OnnxGraphs.UNKNOWN_SCORE));
        if (!valid) {
            throw new IllegalArgumentException("the head must map '" + OnnxGraphs.FEATURES + "' to '"
                    + OnnxGraphs.PROBABILITIES + "' (and optionally '" + OnnxGraphs.UNKNOWN_SCORE + "')");
        }
    }

    private static void requireSingle(GraphProto graph, String input, String output, String what) {
        boolean hasInput = graph.getInputList().stream().anyMatch(i -> i.getName().equals(input));
        if (!hasInput || graph.getOutputCount() != 1 || !graph.getOutput(0).getName().equals(output)) {
            throw new IllegalArgumentException("the " + what + " must map '" + input + "' to '" + output + "'");
        }
    }
}
