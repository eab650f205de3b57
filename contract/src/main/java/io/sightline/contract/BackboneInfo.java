package io.sightline.contract;

/**
 * Which feature extractor a model stands on.
 *
 * @param pretrained {@code false} for the generated one, {@code unknown} for a FILE.onnx nobody vouched for
 */
public record BackboneInfo(String id, String sha256, Pretrained pretrained) {
    public BackboneInfo {
        Checks.text(id, Limits.NAME, "backbone.id");
        Checks.text(sha256, Limits.SHA256_HEX, "backbone.sha256");
        if (pretrained == null) {
            throw new IllegalArgumentException("backbone.pretrained is required: true, false or \"unknown\"");
        }
    }

    /** A backbone whose provenance is known. */
    public BackboneInfo(String id, String sha256, boolean pretrained) {
        this(id, sha256, Pretrained.of(pretrained));
    }
}
