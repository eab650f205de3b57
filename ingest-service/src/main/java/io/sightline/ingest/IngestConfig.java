package io.sightline.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Upload limits (SPEC section 7). Environment: SIGHTLINE_INGEST_MAX_BYTES, SIGHTLINE_INGEST_MAX_PIXELS,
 * SIGHTLINE_INGEST_THUMBNAIL_SIZE, SIGHTLINE_INGEST_THUMBNAIL_CACHE.
 */
@ConfigurationProperties("sightline.ingest")
public record IngestConfig(
        @Bindable(defaultValue = "33554432") long maxBytes,
        @Bindable(defaultValue = "40000000") long maxPixels,
        @Bindable(defaultValue = "160") int thumbnailSize,
        @Bindable(defaultValue = "2000") int thumbnailCache) {
}
