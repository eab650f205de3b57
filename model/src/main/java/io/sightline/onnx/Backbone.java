package io.sightline.onnx;

import io.sightline.contract.BackboneInfo;
import io.sightline.contract.Pretrained;
import io.sightline.image.Preprocessing;
import java.nio.file.Path;

/**
 * A ready feature extractor: an ONNX file mapping {@code pixels} (NCHW float 0..1) to
 * {@code features} [N, featureDimension].
 *
 * @param id               stable id, part of the embedding cache key ({@code resnet50-v1-12},
 *                         {@code resnet50-v1-12-int8}, {@code generated-resnet50}, {@code tiny-cnn},
 *                         {@code file-<12 hex>})
 * @param onnxFile         the feature extractor model
 * @param sha256           lowercase hex SHA-256 of the original file (the zoo file for resnet50)
 * @param pretrained       false for generated and tiny backbones, true for the zoo's; for a FILE.onnx what its
 *                         metadata or the user says, else unknown
 * @param featureDimension D
 * @param preprocessing    what the model input must be
 * @param precision        what the extractor computes in: int8 for the zoo's int8 ResNet-50, else fp32
 */
public record Backbone(String id, Path onnxFile, String sha256, Pretrained pretrained, int featureDimension,
        Preprocessing preprocessing, Precision precision) {

    public Backbone {
        if (id == null || id.isBlank() || onnxFile == null || sha256 == null || preprocessing == null
                || pretrained == null || precision == null) {
            throw new IllegalArgumentException("id, onnxFile, sha256, pretrained, preprocessing and precision are required");
        }
        if (featureDimension < 1) {
            throw new IllegalArgumentException("featureDimension must be positive, was " + featureDimension);
        }
    }

    /** A float32 backbone whose provenance is known. */
    public Backbone(String id, Path onnxFile, String sha256, boolean pretrained, int featureDimension,
                    Preprocessing preprocessing) {
        this(id, onnxFile, sha256, Pretrained.of(pretrained), featureDimension, preprocessing, Precision.FP32);
    }

    public BackboneInfo info() {
        return new BackboneInfo(id, sha256, pretrained);
    }
}
