package io.sightline.cli.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;

/**
 * The inference request loop's fault meters, read in-process at the end of a soak (see docs/reliability.md).
 *
 * @param aborts   transactions aborted (their requests read again)
 * @param restarts times the loop started a new consumer and producer
 * @param fenced   times another instance took the transactional id over
 */
public record LoopMeters(long aborts, long restarts, long fenced) {

    static LoopMeters read(ApplicationContext services) {
        MeterRegistry registry = services.getBean(MeterRegistry.class);
        return new LoopMeters(count(registry, "sightline.inference.kafka.aborts"),
                count(registry, "sightline.inference.kafka.restarts"), count(registry, "sightline.inference.kafka.fenced"));
    }

    private static long count(MeterRegistry registry, String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : Math.round(counter.count());
    }
}
