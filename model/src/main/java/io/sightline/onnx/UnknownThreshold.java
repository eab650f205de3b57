package io.sightline.onnx;

import io.sightline.contract.Json;

/**
 * How a model's {@link OnnxGraphs#UNKNOWN_SCORE} output is read, recorded in its metadata: a score above
 * {@code threshold} means the picture is unlike the training pictures.
 *
 * @param method           how the score is computed (e.g. {@code mahalanobis-shrunk})
 * @param threshold        scores above it are unknown
 * @param falseUnknownRate the share of held-out known pictures the threshold was chosen to call unknown
 */
public record UnknownThreshold(String method, double threshold, double falseUnknownRate) {
    public static final int MAX_METHOD = 64;

    public UnknownThreshold {
        if (method == null || method.isBlank() || method.length() > MAX_METHOD) {
            throw new IllegalArgumentException("method must be 1.." + MAX_METHOD + " characters");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must be a number");
        }
        if (!(falseUnknownRate >= 0 && falseUnknownRate < 1)) {
            throw new IllegalArgumentException("falseUnknownRate must be in [0, 1): " + falseUnknownRate);
        }
    }

    /** Whether {@code score} is above the threshold; a score that is not a number is unknown. */
    public boolean unknown(double score) {
        return !(score <= threshold);
    }

    String toJson() {
        return Json.writeString(this);
    }

    static UnknownThreshold fromJson(String json) {
        try {
            return Json.mapper().readValue(json, UnknownThreshold.class);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("model metadata " + ModelMetadata.UNKNOWN + " is not a valid threshold: "
                    + e.getMessage(), e);
        }
    }
}
