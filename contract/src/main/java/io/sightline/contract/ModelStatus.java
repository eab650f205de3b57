package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The gate's verdict on a model version ({@code metrics.json} and {@code GET /api/models}). */
public enum ModelStatus {
    PROMOTED,
    REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a training has when it ends with a version of this status. */
    public TrainingOutcome outcome() {
        return this == PROMOTED ? TrainingOutcome.PROMOTED : TrainingOutcome.REJECTED;
    }
}
