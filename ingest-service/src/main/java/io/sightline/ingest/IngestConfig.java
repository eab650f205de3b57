package io.sightline.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Upload limits (SPEC section 7), the catalog wait and the object garbage collection. Environment:
 * SIGHTLINE_INGEST_MAX_BYTES, SIGHTLINE_INGEST_MAX_PIXELS, SIGHTLINE_INGEST_THUMBNAIL_SIZE,
 * SIGHTLINE_INGEST_THUMBNAIL_CACHE, SIGHTLINE_INGEST_CATALOG_WAIT, SIGHTLINE_INGEST_GC_GRACE,
 * SIGHTLINE_INGEST_GC_LIST_LIMIT, SIGHTLINE_INGEST_MAX_UPLOADS_IN_FLIGHT.
 *
 * @param catalogWait  how long a request waits for the catalog to read the images topic (after a start, or
 *                     up to its end before a decision, or its own record back) before answering 503
 * @param gcGrace      objects written less than this long ago are never collected (an upload's event may be
 *                     on its way); longer than any upload takes
 * @param gcListLimit  at most this many objects are listed in one garbage-collection answer (all are counted)
 * @param maxUploadsInFlight uploads handled at once; more are answered 429 {@code overloaded} (Retry-After)
 */
@ConfigurationProperties("sightline.ingest")
public record IngestConfig(
        @Bindable(defaultValue = "33554432") long maxBytes,
        @Bindable(defaultValue = "40000000") long maxPixels,
        @Bindable(defaultValue = "160") int thumbnailSize,
        @Bindable(defaultValue = "2000") int thumbnailCache,
        @Bindable(defaultValue = "30s") Duration catalogWait,
        @Bindable(defaultValue = "15m") Duration gcGrace,
        @Bindable(defaultValue = "1000") int gcListLimit,
        @Bindable(defaultValue = "16") int maxUploadsInFlight) {
}
