package io.sightline.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers and consumers whose Kafka metrics are bound to a meter registry while they live: the binding
 * (and its meters) goes when the client is closed, so the clients a loop replaces after a failure leave
 * nothing behind. Micronaut's own clients ({@code @KafkaClient}, {@code @KafkaListener}) are metered by
 * micronaut-kafka; these are the ones Sightline makes by hand.
 */
final class MeteredClients {
    private MeteredClients() {
    }

    static KafkaProducer<String, byte[]> producer(Map<String, Object> config, MeterRegistry registry) {
        MeteredProducer producer = new MeteredProducer(config);
        producer.metrics = bind(new KafkaClientMetrics(producer), registry);
        return producer;
    }

    static KafkaConsumer<String, byte[]> consumer(Map<String, Object> config, MeterRegistry registry) {
        MeteredConsumer consumer = new MeteredConsumer(config);
        consumer.metrics = bind(new KafkaClientMetrics(consumer), registry);
        return consumer;
    }

    private static KafkaClientMetrics bind(KafkaClientMetrics metrics, MeterRegistry registry) {
        metrics.bindTo(registry);
        return metrics;
    }

    private static final class MeteredProducer extends KafkaProducer<String, byte[]> {
        private volatile KafkaClientMetrics metrics;

        MeteredProducer(Map<String, Object> config) {
            super(config, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void close(Duration timeout) {
            closeThenUnbind(() -> super.close(timeout), metrics);
        }
    }

    private static final class MeteredConsumer extends KafkaConsumer<String, byte[]> {
        private volatile KafkaClientMetrics metrics;

        MeteredConsumer(Map<String, Object> config) {
            super(config, new StringDeserializer(), new ByteArrayDeserializer());
        }

        /** Kafka's own default: 30 s for the group to be left and offsets committed. */
        @Override
        public void close() {
            close(Duration.ofSeconds(30));
        }

        @Override
        public void close(Duration timeout) {
            closeThenUnbind(() -> super.close(timeout), metrics);
        }
    }

    /** Closes the client, then removes its meters, even when closing failed. */
    private static void closeThenUnbind(Runnable close, KafkaClientMetrics metrics) {
        try {
            close.run();
        } finally {
            metrics.close();
        }
    }
}
