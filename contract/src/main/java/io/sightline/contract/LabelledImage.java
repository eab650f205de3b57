package io.sightline.contract;

import java.time.Instant;

/** A picture and its label, on {@code sightline.images} keyed by imageId (SPEC section 2). */
public record LabelledImage(
        String imageId,
        String label,
        ObjectRef object,
        String contentType,
        int width,
        int height,
        long sizeBytes,
        String source,
        Instant ingestedAt) {

    public LabelledImage {
        Checks.imageId(imageId);
        Checks.text(label, Limits.LABEL, "label");
        Checks.notNull(object, "object");
        Checks.text(contentType, Limits.CONTENT_TYPE, "contentType");
        Checks.positive(width, "width");
        Checks.positive(height, "height");
        Checks.positive(sizeBytes, "sizeBytes");
        Checks.notNull(ingestedAt, "ingestedAt");
        source = source == null ? "" : Checks.cut(source, Limits.SOURCE);
    }

    public LabelledImage withLabel(String newLabel, Instant at) {
        return new LabelledImage(imageId, newLabel, object, contentType, width, height, sizeBytes, source, at);
    }
}
