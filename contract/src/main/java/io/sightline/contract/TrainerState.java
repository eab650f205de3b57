package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the trainer is doing ({@code GET /api/train} → {@code trainer.state}). */
public enum TrainerState {
    /** Nothing to do, or waiting for the debounce. */
    IDLE,
    /** A training is due, some pictures are still being embedded. */
    WAITING_FOR_EMBEDDINGS,
    /** Training, evaluating and publishing a candidate. */
    TRAINING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
