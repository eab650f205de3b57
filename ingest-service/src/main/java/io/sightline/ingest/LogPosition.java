package io.sightline.ingest;

/** Where a record landed in {@code sightline.images}: its partition and offset. */
public record LogPosition(int partition, long offset) {
}
