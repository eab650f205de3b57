package io.sightline.ingest;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health/readiness} (and {@code /health}, which aggregates every check) is UP only once the
 * catalog has read {@code sightline.images} to the end found at start, and DOWN again if its reader
 * stops: before that, duplicates, deletes and listings would be answered from part of the dataset.
 * {@code /health/liveness} does not depend on it.
 */
@Singleton
@Readiness
public class CatalogHealth implements HealthIndicator {
    static final String NAME = "ingestCatalog";

    private final CatalogFollower follower;
    private final ImageCatalog catalog;

    CatalogHealth(CatalogFollower follower, ImageCatalog catalog) {
        this.follower = follower;
        this.catalog = catalog;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult.Builder result;
        if (!follower.isRunning()) {
            result = HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("topic", follower.topic(),
                    "reason", "the reader of the images topic stopped; see the service log"));
        } else if (!follower.isCaughtUp()) {
            result = HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("topic", follower.topic(),
                    "reason", "reading the images topic from the beginning", "pictures", catalog.size()));
        } else {
            result = HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("topic", follower.topic(),
                    "pictures", catalog.size()));
        }
        return Publishers.just(result.build());
    }
}
