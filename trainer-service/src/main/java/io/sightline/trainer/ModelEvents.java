package io.sightline.trainer;

import io.sightline.contract.Json;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Announces promoted versions on {@code sightline.models}, keyed by model name. */
@Singleton
public class ModelEvents {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    ModelEvents(KafkaClients kafka, Topics topics) {
        this.producer = kafka.producer("sightline-trainer-models", null);
        this.topic = topics.models();
    }

    public void published(ModelPublished event) {
        try {
            producer.send(new ProducerRecord<>(topic, event.name(), Json.write(event))).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model version " + event.version(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not accept model version " + event.version() + ": " + e, e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
