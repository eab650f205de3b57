package io.sightline.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.contract.ErrorCode;
import java.util.concurrent.TimeUnit;

/** Uploads by outcome, bytes stored, and upload latency, on {@code /prometheus}. */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter bytes;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.bytes = Counter.builder("sightline.ingest.bytes").description("Bytes of accepted uploads")
                .baseUnit("bytes").register(registry);
    }

    void uploaded(IngestResult result, long size, long nanos) {
        record(result.outcome().wire(), nanos);
        if (!result.duplicate()) {
            bytes.increment(size);
        }
    }

    void refused(ErrorCode code, long nanos) {
        record(code.wire(), nanos);
    }

    private void record(String outcome, long nanos) {
        Counter.builder("sightline.ingest.uploads").description("Uploads by outcome")
                .tag("outcome", outcome).register(registry).increment();
        Timer.builder("sightline.ingest.latency").description("Upload handling time")
                .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
