package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to classify one picture, on {@code sightline.classify.requests} keyed by requestId:
 * exactly one of {@code object} or {@code imageBase64} (SPEC section 2).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifyRequest(String requestId, ObjectRef object, String imageBase64, Integer topK) {
    public static final int DEFAULT_TOP_K = 3;
    /** At most 1 MiB of decoded bytes travel inline (checked where they are decoded: image_too_large). */
    public static final int MAX_INLINE_BYTES = 1024 * 1024;

    public ClassifyRequest {
        Checks.text(requestId, Limits.REQUEST_ID, "requestId");
        if ((object == null) == (imageBase64 == null)) {
            throw new IllegalArgumentException("exactly one of object or imageBase64 is required");
        }
        if (topK != null && (topK < 1 || topK > Limits.LABELS)) {
            throw new IllegalArgumentException("topK must be 1.." + Limits.LABELS + ", was " + topK);
        }
    }

    public int topKOrDefault() {
        return topK == null ? DEFAULT_TOP_K : topK;
    }
}
