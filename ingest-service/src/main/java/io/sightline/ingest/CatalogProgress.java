package io.sightline.ingest;

import java.time.Duration;

/** How far the catalog has read {@code sightline.images}. */
public interface CatalogProgress {
    /** Waits until the records present at start have been read; false on timeout. */
    boolean awaitCaughtUp(Duration timeout);

    /** Waits until every record the topic holds now has been read (a read barrier); false on timeout. */
    boolean awaitLatest(Duration timeout);
}
