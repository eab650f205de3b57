package io.sightline.inference.http;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.sightline.inference.InferenceConfig;
import io.sightline.inference.model.ModelSlot;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health/readiness} is UP only once a model serves (unless
 * {@code sightline.inference.readiness-requires-model} is false); {@code /health/liveness} does not
 * depend on it. Micronaut's {@code /health} aggregates every check, so it is DOWN before a model too.
 */
@Singleton
@Readiness
public class ModelReadiness implements HealthIndicator {
    static final String NAME = "inferenceModel";

    private final ModelSlot slot;
    private final boolean requiresModel;

    ModelReadiness(ModelSlot slot, InferenceConfig config) {
        this.slot = slot;
        this.requiresModel = config.readinessRequiresModel();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult result = slot.info()
                .map(info -> HealthResult.builder(NAME, HealthStatus.UP)
                        .details(Map.of("model", info.name(), "version", info.version(),
                                "provider", info.provider().name().toLowerCase(java.util.Locale.ROOT)))
                        .build())
                .orElseGet(() -> HealthResult.builder(NAME, requiresModel ? HealthStatus.DOWN : HealthStatus.UP)
                        .details(Map.of("reason", "no model loaded yet"))
                        .build());
        return Publishers.just(result);
    }
}
