package io.sightline.trainer;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.ModelMerger;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.Precision;
import io.sightline.onnx.UnknownThreshold;
import io.sightline.train.HeadCalibrator;
import io.sightline.train.HeadGraph;
import io.sightline.train.TrainedHead;
import io.sightline.train.UnknownDetector;

/**
 * Builds a candidate's ONNX files: {@code head.onnx} (features to calibrated probabilities and the unknown
 * score) and the end-to-end {@code model.onnx} (pixels 0..1 NCHW to the same, backbone and head merged,
 * metadata with the labels and the unknown threshold inside).
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

    /** The model on the backbone as it is: fp32, or int8 for an int8 backbone (resnet50-int8). */
    public Files build(HeadCalibrator.Calibrated calibrated, String trainingJson) {
        return build(backboneGraph(), backbone.precision(), calibrated, trainingJson);
    }

    /** The model on {@code featureExtractor} (the backbone, or its int8 form), recording {@code precision}. */
    public Files build(ModelProto featureExtractor, Precision precision, HeadCalibrator.Calibrated calibrated,
                       String trainingJson) {
        TrainedHead head = calibrated.head();
        UnknownDetector detector = calibrated.detector();
        ModelProto headGraph = HeadGraph.build(head, detector);
        ModelMetadata metadata = new ModelMetadata(head.labels(), backbone.preprocessing(), backbone.info(), trainingJson,
                precision, new UnknownThreshold(UnknownDetector.METHOD, detector.threshold(),
                        calibrated.falseUnknownRate()));
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
