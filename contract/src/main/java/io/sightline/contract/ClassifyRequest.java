package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;

/**
 * A request to classify one picture, on {@code sightline.classify.requests} keyed by requestId:
 * exactly one of {@code object} or {@code imageBase64} (SPEC section 2). {@code replyTopic}, when
 * given, is where the result goes instead of the shared results topic (the service allows only the
 * prefixes it is configured with; docs/apps.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifyRequest(String requestId, ObjectRef object, String imageBase64, Integer topK, String replyTopic) {
    public static final int DEFAULT_TOP_K = 3;
    /** At most 1 MiB of decoded bytes travel inline (checked where they are decoded: image_too_large). */
    public static final int MAX_INLINE_BYTES = 1024 * 1024;
    /** The characters Kafka allows in a topic name. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

    @JsonCreator
    public ClassifyRequest {
        Checks.text(requestId, Limits.REQUEST_ID, "requestId");
        if ((object == null) == (imageBase64 == null)) {
            throw new IllegalArgumentException("exactly one of object or imageBase64 is required");
        }
        if (topK != null && (topK < 1 || topK > Limits.LABELS)) {
            throw new IllegalArgumentException("topK must be 1.." + Limits.LABELS + ", was " + topK);
        }
        if (replyTopic != null) {
            Checks.maxLength(replyTopic, Limits.TOPIC, "replyTopic");
            if (!TOPIC_NAME.matcher(replyTopic).matches() || ".".equals(replyTopic) || "..".equals(replyTopic)) {
                throw new IllegalArgumentException("replyTopic must be a Kafka topic name (letters, digits, '.', '_', '-')");
            }
        }
    }

    /** A request answered on the shared results topic. */
    public ClassifyRequest(String requestId, ObjectRef object, String imageBase64, Integer topK) {
        this(requestId, object, imageBase64, topK, null);
    }

    public int topKOrDefault() {
        return topK == null ? DEFAULT_TOP_K : topK;
    }
}
