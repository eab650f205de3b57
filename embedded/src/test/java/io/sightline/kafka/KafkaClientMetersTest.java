package io.sightline.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.testing.TestInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clients {@link KafkaClients} makes carry their Kafka metrics on the registry while they live, and only then. */
class KafkaClientMetersTest {
    private final TestInfra infra = TestInfra.get();

    @Test
    void aProducerAndAConsumerAreMeteredUntilTheyAreClosed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KafkaClients clients = KafkaClients.plaintext(infra.kafkaBootstrap()).withMeters(registry);
        String topic = infra.uniquePrefix() + "metered";
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        try (KafkaProducer<String, byte[]> producer = clients.producer("metered-producer", null)) {
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get();
            assertTrue(meterNamed(registry, "kafka.producer.record.send.total", "metered-producer"),
                    "the producer's send count is a meter: " + names(registry));
        }
        assertFalse(hasClient(registry, "metered-producer"), "a closed producer leaves no meter behind");

        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG,
                "metered-consumer"))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            assertTrue(meterNamed(registry, "kafka.consumer.fetch.manager.records.lag.max", "metered-consumer"),
                    "the consumer's lag is a meter: " + names(registry));
        }
        assertFalse(hasClient(registry, "metered-consumer"), "a closed consumer leaves no meter behind");
        assertEquals(0, registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("kafka.")).count());
    }

    private static boolean meterNamed(SimpleMeterRegistry registry, String name, String clientId) {
        return registry.find(name).tag("client.id", clientId).meters().size() > 0;
    }

    private static boolean hasClient(SimpleMeterRegistry registry, String clientId) {
        return registry.getMeters().stream().map(Meter::getId).anyMatch(id -> clientId.equals(id.getTag("client.id")));
    }

    private static List<String> names(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(meter -> meter.getId().getName()).distinct().sorted().toList();
    }
}
