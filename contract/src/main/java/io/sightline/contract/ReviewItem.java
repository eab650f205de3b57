package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * A picture the served model was unsure about, waiting for a person's label, on {@code sightline.review}
 * (compacted) keyed by imageId; a tombstone (null value) takes it off the queue once reviewed.
 *
 * @param imageId      {@code sha256:<hex>} of the bytes
 * @param object       the bytes, content-addressed like uploads ({@code images/sha256/<hex>})
 * @param contentType  the picture's format
 * @param modelVersion the version that answered
 * @param label        the label it answered
 * @param confidence   its probability
 * @param unknown      whether it answered unknown
 * @param unknownScore its unknown score, or null
 * @param reason       why the picture is queued
 * @param queuedAt     when it was queued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewItem(String imageId, ObjectRef object, String contentType, int modelVersion, String label,
                         double confidence, boolean unknown, Double unknownScore, Reason reason, Instant queuedAt) {

    /** Why a picture is queued for review. */
    public enum Reason {
        /** The model said the picture is unlike its training pictures. */
        UNKNOWN,
        /** The model's top probability was below the review threshold. */
        LOW_CONFIDENCE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReviewItem {
        Checks.imageId(imageId);
        Checks.notNull(object, "object");
        Checks.text(contentType, Limits.CONTENT_TYPE, "contentType");
        Checks.positive(modelVersion, "modelVersion");
        Checks.text(label, Limits.LABEL, "label");
        Checks.notNull(reason, "reason");
        Checks.notNull(queuedAt, "queuedAt");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
        if (unknownScore != null && !Double.isFinite(unknownScore)) {
            throw new IllegalArgumentException("unknownScore must be a finite number, was " + unknownScore);
        }
    }
}
