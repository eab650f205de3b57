package io.sightline.onnx;

import io.sightline.contract.BackboneInfo;
import io.sightline.image.Preprocessing;
import java.nio.file.Path;

/**
 * A ready feature extractor: an ONNX file mapping {@code pixels} (NCHW float 0..1) to
 * {@code features} [N, featureDimension].
 *
 * @param id               stable id, part of the embedding cache key ({@code resnet50-v1-12},
 *                         {@code generated-resnet50}, {@code tiny-cnn}, {@code file-<12 hex>})
 * @param onnxFile         the feature extractor model
 * @param sha256           lowercase hex SHA-256 of the original file (the zoo file for resnet50)
 * @param pretrained       false for generated and tiny backbones
 * @param featureDimension D
 * @param preprocessing    what the model input must be
 */
public record Backbone(String id, Path onnxFile, String sha256, boolean pretrained, int featureDimension,
        Preprocessing preprocessing) {

    public Backbone {
        if (id == null || id.isBlank() || onnxFile == null || sha256 == null || preprocessing == null) {
            throw new IllegalArgumentException("id, onnxFile, sha256 and preprocessing are required");
        }
        if (featureDimension < 1) {
            throw new IllegalArgumentException("featureDimension must be positive, was " + featureDimension);
        }
    }

    public BackboneInfo info() {
        return new BackboneInfo(id, sha256, pretrained);
    }
}
