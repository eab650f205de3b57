package io.sightline.cli.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.ApplicationContext;
import io.sightline.inference.metrics.InferenceMetrics;
import io.sightline.inference.metrics.InferenceMetrics.Stage;
import java.util.concurrent.TimeUnit;

/**
 * The inference service's own meters (model time per batch, pictures per batch, and each picture's
 * fetch, decode and queue time), read in-process before and after a run so that the run's time can be
 * split into "inside ONNX Runtime" and the rest.
 *
 * @param modelSeconds  time spent in ONNX Runtime, all batches so far (parallel runs add up)
 * @param batches       model runs so far
 * @param pictures      pictures in those runs
 * @param fetchSeconds  getting the pictures' bytes (S3 GET, base64), all pictures so far
 * @param decodeSeconds decoding and preprocessing, all pictures so far
 * @param waitSeconds   queued between decoding and the model run, all pictures so far
 * @param wideRuns      model runs that went alone, on the wide session (every core)
 * @param transactionSeconds committed Kafka transactions of the request loop, begin to commit, all so far
 * @param transactions  those transactions
 */
record ServiceMeters(double modelSeconds, long batches, double pictures, double fetchSeconds, double decodeSeconds,
                     double waitSeconds, double wideRuns, double transactionSeconds, long transactions) {

    static ServiceMeters read(ApplicationContext services) {
        MeterRegistry registry = services.getBean(MeterRegistry.class);
        Timer model = registry.find(InferenceMetrics.MODEL_LATENCY).timer();
        DistributionSummary size = registry.find(InferenceMetrics.BATCH_SIZE).summary();
        Timer transaction = registry.find(InferenceMetrics.KAFKA_TRANSACTION).timer();
        return new ServiceMeters(seconds(model), count(model), size == null ? 0 : size.totalAmount(),
                seconds(stage(registry, Stage.FETCH)), seconds(stage(registry, Stage.DECODE)),
                seconds(stage(registry, Stage.WAIT)),
                registry.find(InferenceMetrics.BATCHES).tag(InferenceMetrics.SESSION_TAG, InferenceMetrics.WIDE_SESSION)
                        .counters().stream().mapToDouble(Counter::count).sum(),
                seconds(transaction), count(transaction));
    }

    private static long count(Timer timer) {
        return timer == null ? 0 : timer.count();
    }

    private static Timer stage(MeterRegistry registry, Stage stage) {
        return registry.find(InferenceMetrics.STAGE).tag(InferenceMetrics.STAGE_TAG, stage.tag()).timer();
    }

    private static double seconds(Timer timer) {
        return timer == null ? 0 : timer.totalTime(TimeUnit.NANOSECONDS) / 1e9;
    }

    /** What happened between {@code before} and this snapshot. */
    ServiceMeters since(ServiceMeters before) {
        return new ServiceMeters(modelSeconds - before.modelSeconds, batches - before.batches, pictures - before.pictures,
                fetchSeconds - before.fetchSeconds, decodeSeconds - before.decodeSeconds, waitSeconds - before.waitSeconds,
                wideRuns - before.wideRuns, transactionSeconds - before.transactionSeconds, transactions - before.transactions);
    }

    double meanBatch() {
        return batches == 0 ? Double.NaN : pictures / batches;
    }

    /** Pictures per second while inside ONNX Runtime. */
    double modelImagesPerSecond() {
        return modelSeconds <= 0 ? Double.NaN : pictures / modelSeconds;
    }

    /** Mean milliseconds per picture in each stage before the model, and per model run. */
    BenchResult.ServiceStages stagesMs() {
        return new BenchResult.ServiceStages(perPictureMs(fetchSeconds), perPictureMs(decodeSeconds),
                perPictureMs(waitSeconds), batches == 0 ? Double.NaN : Rate.round(modelSeconds * 1000 / batches, 2),
                batches == 0 ? Double.NaN : Rate.round(wideRuns / batches, 3),
                transactions == 0 ? Double.NaN : Rate.round(transactionSeconds * 1000 / transactions, 2));
    }

    private double perPictureMs(double seconds) {
        return pictures == 0 ? Double.NaN : Rate.round(seconds * 1000 / pictures, 2);
    }
}
