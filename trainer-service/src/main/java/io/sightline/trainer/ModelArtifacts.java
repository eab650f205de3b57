package io.sightline.trainer;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.ModelMerger;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.Precision;
import io.sightline.train.HeadGraph;
import io.sightline.train.TrainedHead;

/**
 * Builds a candidate's ONNX files: {@code head.onnx} (features to probabilities) and the end-to-end
 * {@code model.onnx} (pixels 0..1 NCHW to probabilities, backbone and head merged, metadata inside).
 * The backbone graph is parsed once and kept.
 */
public final class ModelArtifacts {
    private final Backbone backbone;
    private volatile ModelProto backboneGraph;

    public ModelArtifacts(Backbone backbone) {
        this.backbone = backbone;
    }

    /** The two files and the SHA-256 of the end-to-end model. */
    public record Files(byte[] head, byte[] model, String modelSha256) {
    }

    /** The fp32 model. */
    public Files build(TrainedHead head, String trainingJson) {
        return build(backboneGraph(), Precision.FP32, head, trainingJson);
    }

    /** The model on {@code featureExtractor} (the backbone, or its int8 form), recording {@code precision}. */
    public Files build(ModelProto featureExtractor, Precision precision, TrainedHead head, String trainingJson) {
        ModelProto headGraph = HeadGraph.build(head);
        ModelMetadata metadata = new ModelMetadata(head.labels(), backbone.preprocessing(), backbone.info(), trainingJson,
                precision);
        ModelProto merged = ModelMerger.merge(featureExtractor, headGraph, metadata.toMap());
        byte[] model = OnnxGraphs.toBytes(merged);
        return new Files(OnnxGraphs.toBytes(headGraph), model, ImageIds.sha256Hex(model));
    }

    /** The float feature extractor, parsed once. */
    public ModelProto backboneGraph() {
        ModelProto graph = backboneGraph;
        if (graph == null) {
            synchronized (this) {
                if (backboneGraph == null) {
                    backboneGraph = OnnxGraphs.parse(backbone.onnxFile());
                }
                graph = backboneGraph;
            }
        }
        return graph;
    }
}
