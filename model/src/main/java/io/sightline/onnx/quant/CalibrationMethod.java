package io.sightline.onnx.quant;

import java.util.Locale;

/** How an activation's quantization range is taken from what calibration saw. */
public enum CalibrationMethod {
    /** The smallest and largest value seen. */
    MINMAX,
    /** The {@link #PERCENTILE_TAIL} outermost share of the values cut off on each side (outliers do not widen the step). */
    PERCENTILE;

    /** Share of values left outside the range on each side by {@link #PERCENTILE}. */
    public static final double PERCENTILE_TAIL = 1e-4;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code minmax} or {@code percentile} (any case). */
    public static CalibrationMethod parse(String value) {
        if (value != null) {
            for (CalibrationMethod m : values()) {
                if (m.wire().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
        }
        String shown = value == null ? "null" : value.length() > 20 ? value.substring(0, 20) + "..." : value;
        throw new IllegalArgumentException("calibration must be minmax or percentile, was '" + shown + "'");
    }
}
