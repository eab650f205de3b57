package io.sightline.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The topic followers of this process ({@link TopicReader}), started here, watched by
 * {@link TopicReadersReadiness} and closed when the context closes.
 */
@Singleton
public class TopicReaders {
    /** Per followed topic: the records its follower skipped (see {@link TopicReader#skipped()}). */
    public static final String SKIPPED_METER = "sightline.topic.records.skipped";

    private final KafkaClients kafka;
    private final MeterRegistry meters;
    private final List<TopicReader> readers = new CopyOnWriteArrayList<>();

    TopicReaders(KafkaClients kafka, @Nullable MeterRegistry meters) {
        this.kafka = kafka;
        this.meters = meters;
    }

    /** Starts following {@code topic} from its beginning. */
    public TopicReader follow(String topic, TopicReader.Handler handler) {
        TopicReader reader = new TopicReader(kafka, topic, handler);
        readers.add(reader);
        if (meters != null) {
            FunctionCounter.builder(SKIPPED_METER, reader, TopicReader::skipped).tag("topic", topic)
                    .tag("reader", reader.clientId()) // two services of the all-in-one may follow one topic
                    .description("Records of a followed topic that could not be read (skipped with a warning)")
                    .register(meters);
        }
        return reader.start();
    }

    public List<TopicReader> all() {
        return List.copyOf(readers);
    }

    /** Waits until every follower has read its topic up to where it was at start; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (TopicReader reader : readers) {
            if (!reader.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    @PreDestroy
    void close() {
        TopicReader.closeAll(readers);
    }
}
