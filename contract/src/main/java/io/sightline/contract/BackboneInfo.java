package io.sightline.contract;

/** Which feature extractor a model stands on; {@code pretrained: false} for the generated one. */
public record BackboneInfo(String id, String sha256, boolean pretrained) {
    public BackboneInfo {
        Checks.text(id, Limits.NAME, "backbone.id");
        Checks.text(sha256, Limits.SHA256_HEX, "backbone.sha256");
    }
}
