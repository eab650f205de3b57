package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Exactly one per request, errors included, on {@code sightline.classify.results} (SPEC section 2).
 *
 * <p>An ok result also says whether the picture is unlike the model's training pictures: {@code unknown}
 * (the label is still given) and {@code unknownScore} (higher = less like them; absent when the model has no
 * unknown score, i.e. versions trained before it, which answer {@code unknown: false}). Both are absent from
 * errors. Readers written before these two fields ignore them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifyResult(
        String requestId,
        Status status,
        Integer modelVersion,
        String label,
        Double confidence,
        List<Prediction> predictions,
        double latencyMs,
        ErrorInfo error,
        Boolean unknown,
        Double unknownScore) {

    public enum Status {
        @com.fasterxml.jackson.annotation.JsonProperty("ok") OK,
        @com.fasterxml.jackson.annotation.JsonProperty("error") ERROR
    }

    public ClassifyResult {
        Checks.text(requestId, Limits.REQUEST_ID, "requestId");
        Checks.notNull(status, "status");
        Checks.maxLength(label, Limits.LABEL, "label");
        if (status == Status.ERROR) {
            Checks.notNull(error, "error");
        } else {
            Checks.notNull(predictions, "predictions");
            predictions = List.copyOf(Checks.maxSize(predictions, Limits.LABELS, "predictions"));
        }
        if (unknownScore != null && !Double.isFinite(unknownScore)) {
            throw new IllegalArgumentException("unknownScore must be a finite number, was " + unknownScore);
        }
    }

    /**
     * An ok result.
     *
     * @param unknown      whether the picture is unlike the training pictures
     * @param unknownScore how unlike (higher = less like), or null when the model has no score
     */
    public static ClassifyResult ok(String requestId, int modelVersion, List<Prediction> predictions, double latencyMs,
                                    boolean unknown, Double unknownScore) {
        Prediction top = predictions.get(0);
        return new ClassifyResult(requestId, Status.OK, modelVersion, top.label(), top.probability(),
                predictions, latencyMs, null, unknown, unknownScore);
    }

    public static ClassifyResult error(String requestId, ErrorCode code, String message, double latencyMs) {
        return new ClassifyResult(requestId, Status.ERROR, null, null, null, null, latencyMs,
                new ErrorInfo(code, message), null, null);
    }

    @JsonIgnore
    public boolean isOk() {
        return status == Status.OK;
    }
}
