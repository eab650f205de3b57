package io.sightline.inference.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.inference.kafka.ClassifyConsumerLoop;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The request loop's meters: {@code sightline.inference.kafka.transaction} (committed; from the poll's
 * results being in to the commit),
 * {@code sightline.inference.kafka.aborts}, {@code sightline.inference.kafka.fenced},
 * {@code sightline.inference.kafka.restarts} and {@code sightline.dlq.writes{source=classify}}.
 */
public final class RequestLoopMeters implements ClassifyConsumerLoop.Events {
    private final InferenceMetrics metrics;
    private final String dlqTopic;
    private final Counter aborts;
    private final Counter fenced;
    private final Counter restarts;
    private final Counter deadLetters;

    public RequestLoopMeters(InferenceMetrics metrics, MeterRegistry registry, String dlqTopic) {
        this.metrics = metrics;
        this.dlqTopic = dlqTopic;
        this.aborts = Counter.builder("sightline.inference.kafka.aborts")
                .description("Transactions that failed and were aborted; their requests were read again")
                .register(registry);
        this.fenced = Counter.builder("sightline.inference.kafka.fenced")
                .description("Times another instance took this replica's transactional id over").register(registry);
        this.restarts = Counter.builder("sightline.inference.kafka.restarts")
                .description("Times the request loop started a new consumer and producer after a failure")
                .register(registry);
        this.deadLetters = Counter.builder("sightline.dlq.writes").tag("source", "classify")
                .description("Records written to the DLQ (committed)").register(registry);
    }

    @Override
    public void committed(long nanos, List<ProducerRecord<String, byte[]>> written) {
        metrics.transactionCommitted(nanos);
        deadLetters.increment(written.stream().filter(record -> dlqTopic.equals(record.topic())).count());
    }

    @Override
    public void aborted() {
        aborts.increment();
    }

    @Override
    public void fenced() {
        fenced.increment();
    }

    @Override
    public void restarted() {
        restarts.increment();
    }
}
