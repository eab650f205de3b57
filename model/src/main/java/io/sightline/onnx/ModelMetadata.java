package io.sightline.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sightline.contract.BackboneInfo;
import io.sightline.contract.Json;
import io.sightline.contract.Pretrained;
import io.sightline.image.Preprocessing;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an end-to-end model records about itself in its ONNX metadata_props.
 *
 * @param labels        class labels, index = output column
 * @param preprocessing how pictures become the model input
 * @param backbone      the feature extractor it stands on
 * @param trainingJson  JSON provenance of the training run (free form), or null
 * @param precision     what the backbone computes in ({@code fp32} when a model does not say: older models)
 * @param unknown       how to read the model's unknown score, or null (a model without one)
 */
public record ModelMetadata(List<String> labels, Preprocessing preprocessing, BackboneInfo backbone, String trainingJson,
                            Precision precision, UnknownThreshold unknown) {
    public static final String LABELS = "sightline.labels";
    public static final String PREPROCESSING = Preprocessing.METADATA_KEY;
    public static final String BACKBONE_ID = "sightline.backbone.id";
    public static final String BACKBONE_SHA256 = "sightline.backbone.sha256";
    public static final String BACKBONE_PRETRAINED = "sightline.backbone.pretrained";
    public static final String TRAINING = "sightline.training";
    public static final String PRECISION = "sightline.precision";
    public static final String UNKNOWN = "sightline.unknown";

    public ModelMetadata {
        labels = List.copyOf(labels);
        if (preprocessing == null || backbone == null) {
            throw new IllegalArgumentException("preprocessing and backbone are required");
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
    }

    /** A float32 model without an unknown score. */
    public ModelMetadata(List<String> labels, Preprocessing preprocessing, BackboneInfo backbone, String trainingJson) {
        this(labels, preprocessing, backbone, trainingJson, Precision.FP32, null);
    }

    /** A float32 model with its unknown score's threshold (or null). */
    public ModelMetadata(List<String> labels, Preprocessing preprocessing, BackboneInfo backbone, String trainingJson,
                         UnknownThreshold unknown) {
        this(labels, preprocessing, backbone, trainingJson, Precision.FP32, unknown);
    }

    public ModelMetadata withPrecision(Precision value) {
        return new ModelMetadata(labels, preprocessing, backbone, trainingJson, value, unknown);
    }

    /** The metadata_props to write, in a stable order. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(LABELS, Json.writeString(labels));
        map.put(PREPROCESSING, preprocessing.toJson());
        map.put(BACKBONE_ID, backbone.id());
        map.put(BACKBONE_SHA256, backbone.sha256());
        map.put(BACKBONE_PRETRAINED, backbone.pretrained().wire());
        if (trainingJson != null) {
            map.put(TRAINING, trainingJson);
        }
        map.put(PRECISION, precision.wire());
        if (unknown != null) {
            map.put(UNKNOWN, unknown.toJson());
        }
        return map;
    }

    /** Reads the metadata back; a missing or malformed key is an {@link IllegalArgumentException}. */
    public static ModelMetadata fromMap(Map<String, String> map) {
        List<String> labels;
        try {
            labels = Json.mapper().readValue(required(map, LABELS), new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("model metadata " + LABELS + " is not a JSON array of strings", e);
        }
        Preprocessing preprocessing = Preprocessing.fromJson(required(map, PREPROCESSING));
        String pretrained = required(map, BACKBONE_PRETRAINED);
        if (!List.of("true", "false", "unknown").contains(pretrained)) {
            throw new IllegalArgumentException("model metadata " + BACKBONE_PRETRAINED + " must be true, false or unknown");
        }
        BackboneInfo backbone = new BackboneInfo(required(map, BACKBONE_ID), required(map, BACKBONE_SHA256),
                Pretrained.parse(pretrained));
        String precision = map.get(PRECISION);
        String unknown = map.get(UNKNOWN);
        return new ModelMetadata(labels, preprocessing, backbone, map.get(TRAINING),
                precision == null ? Precision.FP32 : Precision.parse(precision),
                unknown == null ? null : UnknownThreshold.fromJson(unknown));
    }

    public static ModelMetadata read(ModelProto model) {
        Map<String, String> map = new LinkedHashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            map.put(entry.getKey(), entry.getValue());
        }
        return fromMap(map);
    }

    public static ModelMetadata read(OrtSession session) {
        try {
            return fromMap(session.getMetadata().getCustomMetadata());
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the model metadata: " + e.getMessage(), e);
        }
    }

    public static ModelMetadata read(OnnxModel model) {
        return fromMap(model.metadata());
    }

    private static String required(Map<String, String> map, String key) {
        String value = map.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model metadata has no " + key);
        }
        return value;
    }
}
