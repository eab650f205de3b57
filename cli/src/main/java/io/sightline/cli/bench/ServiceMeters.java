package io.sightline.cli.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import java.util.concurrent.TimeUnit;

/**
 * The inference service's own meters (model time per batch, pictures per batch), read in-process
 * before and after a run so that the run's time can be split into "inside ONNX Runtime" and the rest.
 *
 * @param modelSeconds time spent in ONNX Runtime, all batches so far
 * @param batches      model runs so far
 * @param pictures     pictures in those runs
 */
record ServiceMeters(double modelSeconds, long batches, double pictures) {

    static ServiceMeters read(ApplicationContext services) {
        MeterRegistry registry = services.getBean(MeterRegistry.class);
        Timer model = registry.find("sightline.inference.model.latency").timer();
        DistributionSummary size = registry.find("sightline.inference.batch.size").summary();
        return new ServiceMeters(model == null ? 0 : model.totalTime(TimeUnit.NANOSECONDS) / 1e9,
                model == null ? 0 : model.count(), size == null ? 0 : size.totalAmount());
    }

    /** What happened between {@code before} and this snapshot. */
    ServiceMeters since(ServiceMeters before) {
        return new ServiceMeters(modelSeconds - before.modelSeconds, batches - before.batches, pictures - before.pictures);
    }

    double meanBatch() {
        return batches == 0 ? Double.NaN : pictures / batches;
    }

    /** Pictures per second while inside ONNX Runtime. */
    double modelImagesPerSecond() {
        return modelSeconds <= 0 ? Double.NaN : pictures / modelSeconds;
    }
}
