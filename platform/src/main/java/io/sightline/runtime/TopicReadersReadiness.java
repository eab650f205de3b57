package io.sightline.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.sightline.kafka.TopicReader;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * {@code /health/readiness} is DOWN while a topic follower has not yet read its topic up to where it
 * was at start, or is starting over after a failure: the service's view of its topics is incomplete.
 */
@Singleton
@Readiness
@Requires(classes = HealthIndicator.class)
public class TopicReadersReadiness implements HealthIndicator {
    static final String NAME = "topicReaders";

    private final TopicReaders readers;

    TopicReadersReadiness(TopicReaders readers) {
        this.readers = readers;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (TopicReader reader : readers.all()) {
            boolean ready = reader.isCaughtUp() && reader.isHealthy();
            up &= ready;
            details.put(reader.topic(), Map.of("caughtUp", reader.isCaughtUp(), "healthy", reader.isHealthy(),
                    "restarts", reader.restarts(), "skipped", reader.skipped()));
        }
        return Publishers.just(HealthResult.builder(NAME, up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
