package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a backbone's weights were pretrained: known true, known false, or {@link #UNKNOWN} (a
 * {@code FILE.onnx} that neither its metadata nor the user vouches for). In JSON {@code true},
 * {@code false} or {@code "unknown"}, so events written when this was a boolean read unchanged.
 */
public enum Pretrained {
    TRUE,
    FALSE,
    UNKNOWN;

    /** {@code true}, {@code false} or {@code unknown}: metadata, configuration and text. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** JSON: the booleans true and false, or the string {@code "unknown"}. */
    @JsonValue
    public Object json() {
        return this == UNKNOWN ? wire() : Boolean.valueOf(this == TRUE);
    }

    /** True only when the weights are known to be pretrained. */
    public boolean known() {
        return this == TRUE;
    }

    public static Pretrained of(boolean pretrained) {
        return pretrained ? TRUE : FALSE;
    }

    /** {@code true}, {@code false} or {@code unknown} (any case); anything else is an {@link IllegalArgumentException}. */
    public static Pretrained parse(String value) {
        if (value != null) {
            for (Pretrained p : values()) {
                if (p.wire().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        String shown = value == null ? "null" : value.length() > 20 ? value.substring(0, 20) + "..." : value;
        throw new IllegalArgumentException("pretrained must be true, false or unknown, was '" + shown + "'");
    }

    /** Reads JSON {@code true}, {@code false} (older events) or {@code "true" | "false" | "unknown"}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Pretrained fromJson(JsonNode value) {
        if (value != null && value.isBoolean()) {
            return of(value.booleanValue());
        }
        if (value != null && value.isTextual()) {
            return parse(value.textValue());
        }
        throw new IllegalArgumentException("pretrained must be true, false or \"unknown\", was " + value);
    }
}
