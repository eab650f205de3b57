package io.sightline.ingest;

import io.sightline.contract.LabelledImage;

/**
 * Publishes labelled-image events; returns only once the broker has acknowledged them, with the place
 * the record took in the log (the catalog reads it back there to tell what the event changed).
 */
public interface ImageEvents {
    LogPosition published(LabelledImage image);

    LogPosition removed(String imageId);
}
