package io.sightline.ingest;

import io.sightline.contract.LabelledImage;

/** Publishes labelled-image events; returns only once the broker has acknowledged them. */
public interface ImageEvents {
    void published(LabelledImage image);

    void removed(String imageId);
}
