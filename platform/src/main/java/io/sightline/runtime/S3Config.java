package io.sightline.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where the object store is. Environment: SIGHTLINE_S3_ENDPOINT, SIGHTLINE_S3_ACCESS_KEY,
 * SIGHTLINE_S3_SECRET_KEY, SIGHTLINE_S3_BUCKET, SIGHTLINE_S3_REGION.
 */
@ConfigurationProperties("sightline.s3")
public record S3Config(
        @Bindable(defaultValue = "http://localhost:9000") String endpoint,
        @Bindable(defaultValue = "sightline") String accessKey,
        @Bindable(defaultValue = "sightline-secret") String secretKey,
        @Bindable(defaultValue = "sightline") String bucket,
        @Bindable(defaultValue = "us-east-1") String region) {
    /** The defaults above: public, so a service outside embedded mode refuses them (SafeDefaults). */
    public static final String WELL_KNOWN_ACCESS_KEY = "sightline";
    public static final String WELL_KNOWN_SECRET_KEY = "sightline-secret";
}
