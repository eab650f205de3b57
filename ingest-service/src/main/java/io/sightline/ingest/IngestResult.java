package io.sightline.ingest;

/**
 * The answer to an upload: {@code duplicate} when the same bytes already carried the same label
 * (nothing published), {@code relabelled} when they carried another label before.
 */
public record IngestResult(String imageId, String label, boolean duplicate, boolean relabelled) {
}
