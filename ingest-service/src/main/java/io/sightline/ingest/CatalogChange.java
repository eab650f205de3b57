package io.sightline.ingest;

import io.sightline.contract.LabelledImage;

/**
 * What one record of {@code sightline.images} did to the catalog: the picture before it (null when the
 * picture was not in the dataset) and after it (null for a tombstone).
 */
public record CatalogChange(LabelledImage before, LabelledImage after) {

    /** The outcome of an upload whose record made this change (the record before it decides). */
    public IngestOutcome outcome() {
        if (before == null) {
            return IngestOutcome.ADDED;
        }
        return before.label().equals(after.label()) ? IngestOutcome.DUPLICATE : IngestOutcome.RELABELLED;
    }
}
