package io.sightline.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to an upload: its {@code outcome}, and for a relabel the label it replaced. The booleans
 * {@code duplicate} and {@code relabelled} say the same for clients of SPEC's {@code {imageId, label,
 * duplicate}}.
 */
public record IngestResult(String imageId, String label, IngestOutcome outcome, String previousLabel) {

    /** The answer for an upload whose own record made {@code change}. */
    static IngestResult of(CatalogChange change) {
        IngestOutcome outcome = change.outcome();
        String previous = outcome == IngestOutcome.RELABELLED ? change.before().label() : null;
        return new IngestResult(change.after().imageId(), change.after().label(), outcome, previous);
    }

    static IngestResult duplicate(String imageId, String label) {
        return new IngestResult(imageId, label, IngestOutcome.DUPLICATE, null);
    }

    @JsonProperty("duplicate")
    public boolean duplicate() {
        return outcome == IngestOutcome.DUPLICATE;
    }

    @JsonProperty("relabelled")
    public boolean relabelled() {
        return outcome == IngestOutcome.RELABELLED;
    }
}
