package io.sightline.inference.http;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.sightline.inference.model.ModelSlot;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** {@code /health/readiness} is UP only once a model serves; liveness does not depend on it. */
@Singleton
@Readiness
public class ModelReadiness implements HealthIndicator {
    static final String NAME = "inferenceModel";

    private final ModelSlot slot;

    ModelReadiness(ModelSlot slot) {
        this.slot = slot;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult result = slot.info()
                .map(info -> HealthResult.builder(NAME, HealthStatus.UP)
                        .details(Map.of("model", info.name(), "version", info.version(),
                                "provider", info.provider().name().toLowerCase(java.util.Locale.ROOT)))
                        .build())
                .orElseGet(() -> HealthResult.builder(NAME, HealthStatus.DOWN)
                        .details(Map.of("reason", "no model loaded yet"))
                        .build());
        return Publishers.just(result);
    }
}
