package io.sightline.onnx;

import java.util.Locale;

/** The numeric precision a model's backbone runs in; recorded in the model's metadata. */
public enum Precision {
    /** float32 throughout. */
    FP32,
    /** The backbone statically quantized (QDQ: int8 weights per output channel, uint8 activations per tensor). */
    INT8;

    /** Lower-case name, as in configuration, metadata and JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code fp32} or {@code int8} (any case); anything else is an {@link IllegalArgumentException}. */
    public static Precision parse(String value) {
        if (value != null) {
            for (Precision p : values()) {
                if (p.wire().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
        }
        String shown = value == null ? "null" : value.length() > 20 ? value.substring(0, 20) + "..." : value;
        throw new IllegalArgumentException("precision must be fp32 or int8, was '" + shown + "'");
    }
}
