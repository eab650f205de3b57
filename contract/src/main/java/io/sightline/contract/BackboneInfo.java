package io.sightline.contract;

/** Which feature extractor a model stands on; {@code pretrained: false} for the generated one. */
public record BackboneInfo(String id, String sha256, boolean pretrained) {
    public BackboneInfo {
        Checks.notBlank(id, "backbone.id");
        Checks.notBlank(sha256, "backbone.sha256");
    }
}
