package io.sightline.contract;

/**
 * A picture that can never be embedded with a backbone (gone from S3, not a picture), on
 * {@code sightline.embeddings} under the embedding's own key {@code <backboneId>/<imageId>}, so that a
 * restarted trainer knows it too and does not wait for it. Told apart from an {@link Embedding} by
 * its {@code reason}.
 */
public record EmbeddingFailure(String backboneId, String imageId, String reason) {

    public EmbeddingFailure {
        Checks.text(backboneId, Limits.NAME, "backboneId");
        Checks.imageId(imageId);
        reason = Checks.cut(Checks.notBlank(reason, "reason"), Limits.MESSAGE);
    }

    public String key() {
        return Embedding.key(backboneId, imageId);
    }
}
