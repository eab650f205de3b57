package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Exactly one per request, errors included, on {@code sightline.classify.results} (SPEC section 2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifyResult(
        String requestId,
        Status status,
        Integer modelVersion,
        String label,
        Double confidence,
        List<Prediction> predictions,
        double latencyMs,
        ErrorInfo error) {

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
    }

    public static ClassifyResult ok(String requestId, int modelVersion, List<Prediction> predictions, double latencyMs) {
        Prediction top = predictions.get(0);
        return new ClassifyResult(requestId, Status.OK, modelVersion, top.label(), top.probability(),
                predictions, latencyMs, null);
    }

    public static ClassifyResult error(String requestId, ErrorCode code, String message, double latencyMs) {
        return new ClassifyResult(requestId, Status.ERROR, null, null, null, null, latencyMs,
                new ErrorInfo(code, message));
    }

    @JsonIgnore
    public boolean isOk() {
        return status == Status.OK;
    }
}
