package io.sightline.ingest;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an upload did to the dataset, as it appears in the answer ({@code outcome}) and the metrics. */
public enum IngestOutcome {
    /** The picture was not in the dataset; now it is, with this label. */
    ADDED("added"),
    /** The picture was in the dataset with this label already: nothing changed. */
    DUPLICATE("duplicate"),
    /** The picture was in the dataset with another label ({@code previousLabel}); now it has this one. */
    RELABELLED("relabelled");

    private final String wire;

    IngestOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
