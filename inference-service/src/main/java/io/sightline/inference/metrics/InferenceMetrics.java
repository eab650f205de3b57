package io.sightline.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.contract.ClassifyResult;
import io.sightline.inference.engine.BatchReport;
import io.sightline.inference.engine.EngineListener;
import io.sightline.inference.engine.PictureTimes;
import io.sightline.inference.engine.Source;
import io.sightline.inference.model.ModelInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Meters of the inference service:
 * <ul>
 *   <li>{@code sightline.inference.requests} (counter; tags source, status, code: {@code none} for ok)</li>
 *   <li>{@code sightline.inference.latency} (timer with histogram; end-to-end, request in to result out)</li>
 *   <li>{@code sightline.inference.model.latency} (timer with histogram; one ONNX Runtime batch run)</li>
 *   <li>{@code sightline.inference.stage} (timer; tag stage: fetch = S3 GET or base64, decode = decoding and
 *       preprocessing, wait = queued for a runner; per picture)</li>
 *   <li>{@code sightline.inference.batch.size} (distribution summary) and {@code sightline.inference.batches}
 *       (counter; tags composition: kafka, http or mixed, and session: wide for a run alone, narrow beside others)</li>
 *   <li>{@code sightline.inference.kafka.transaction} (timer; one committed Kafka transaction of a poll's results
 *       and offsets, from its results being in to committed)</li>
 *   <li>{@code sightline.inference.in.flight} (gauge; requests accepted without a result yet)</li>
 *   <li>{@code sightline.inference.model.version} (gauge; tags model and provider; 0 before a model)</li>
 * </ul>
 */
public final class InferenceMetrics implements EngineListener {
    /** Meter names and tags that readers outside this class (the bench) use; the one place they are spelled. */
    public static final String MODEL_LATENCY = "sightline.inference.model.latency";
    public static final String BATCH_SIZE = "sightline.inference.batch.size";
    public static final String BATCHES = "sightline.inference.batches";
    public static final String KAFKA_TRANSACTION = "sightline.inference.kafka.transaction";
    public static final String STAGE = "sightline.inference.stage";
    public static final String STAGE_TAG = "stage";
    public static final String SESSION_TAG = "session";
    public static final String WIDE_SESSION = "wide";

    /** The stages a picture goes through before its model run. */
    public enum Stage {
        FETCH, DECODE, WAIT;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer modelLatency;
    private final DistributionSummary batchSize;
    private final Timer fetch;
    private final Timer decode;
    private final Timer wait;
    private final Timer transaction;
    private final String modelName;
    private volatile ModelInfo serving;
    private Gauge versionGauge;

    public InferenceMetrics(MeterRegistry registry, String modelName) {
        this.registry = registry;
        this.modelName = modelName;
        this.modelLatency = Timer.builder(MODEL_LATENCY)
                .description("Time ONNX Runtime spends on one batch")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE)
                .description("Pictures per model run")
                .publishPercentileHistogram()
                .maximumExpectedValue(256.0)
                .register(registry);
        this.fetch = stage(Stage.FETCH);
        this.decode = stage(Stage.DECODE);
        this.wait = stage(Stage.WAIT);
        this.transaction = Timer.builder(KAFKA_TRANSACTION)
                .description("One committed Kafka transaction (a poll's results, dead letters and offsets), begin to commit")
                .register(registry);
        registerVersionGauge("none");
    }

    private Timer stage(Stage stage) {
        return Timer.builder(STAGE)
                .description("Time per picture before its model run: fetch, decode or wait")
                .tag(STAGE_TAG, stage.tag())
                .register(registry);
    }

    /** Registers the in-flight gauge once the engine exists. */
    public void inFlight(IntSupplier inFlight) {
        Gauge.builder("sightline.inference.in.flight", inFlight, s -> s.getAsInt())
                .description("Requests accepted that have no result yet")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void onResult(Source source, ClassifyResult result) {
        String code = result.isOk() ? "none" : result.error().code().wire();
        String status = result.isOk() ? "ok" : "error";
        Counter.builder("sightline.inference.requests")
                .description("Classify requests by source, status and error code")
                .tag("source", source.tag()).tag("status", status).tag("code", code)
                .register(registry).increment();
        Timer.builder("sightline.inference.latency")
                .description("End-to-end latency: request received to result ready")
                .tag("source", source.tag()).tag("status", status)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Math.round(result.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onBatch(BatchReport batch) {
        modelLatency.record(batch.modelNanos(), TimeUnit.NANOSECONDS);
        batchSize.record(batch.size());
        for (PictureTimes times : batch.times()) {
            fetch.record(times.fetchNanos(), TimeUnit.NANOSECONDS);
            decode.record(times.decodeNanos(), TimeUnit.NANOSECONDS);
            wait.record(times.waitNanos(), TimeUnit.NANOSECONDS);
        }
        Counter.builder(BATCHES)
                .description("Model runs by where their pictures came from and the session they ran on")
                .tag("composition", batch.composition())
                .tag(SESSION_TAG, batch.alone() ? WIDE_SESSION : "narrow")
                .register(registry).increment();
    }

    /** A poll's transaction committed after {@code nanos}. */
    public void transactionCommitted(long nanos) {
        transaction.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The serving model changed: the version gauge now carries its provider. */
    public synchronized void modelChanged(ModelInfo info) {
        serving = info;
        String provider = info.provider().name().toLowerCase(java.util.Locale.ROOT);
        if (versionGauge != null) {
            registry.remove(versionGauge);
        }
        registerVersionGauge(provider);
    }

    private void registerVersionGauge(String provider) {
        versionGauge = Gauge.builder("sightline.inference.model.version", this, m -> m.serving == null ? 0 : m.serving.version())
                .description("Version of the serving model (0: none yet), tagged with the execution provider in use")
                .tag("model", modelName)
                .tag("provider", provider)
                .register(registry);
    }
}
