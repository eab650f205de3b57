package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the trainer's last attempt ended ({@code GET /api/train} → {@code trainer.lastOutcome}). */
public enum TrainingOutcome {
    /** A candidate passed the gate and serves. */
    PROMOTED,
    /** A candidate was trained but did not pass the gate (or could not be published). */
    REJECTED,
    /** The data cannot train a model yet (e.g. fewer than two labels); nothing was written. */
    NOT_TRAINED,
    /** Training broke off with an error; nothing was published. */
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the attempt produced a model version. */
    public boolean producedVersion() {
        return this == PROMOTED || this == REJECTED;
    }
}
