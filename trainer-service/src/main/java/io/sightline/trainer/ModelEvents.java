package io.sightline.trainer;

import io.sightline.contract.Json;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.kafka.EventProducer;
import jakarta.inject.Singleton;

/** Announces promoted versions on {@code sightline.models}, keyed by model name, acknowledged by the broker. */
@Singleton
public class ModelEvents {
    private final EventProducer producer;
    private final String topic;

    ModelEvents(EventProducer producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.models();
    }

    public void published(ModelPublished event) {
        try {
            producer.send(topic, event.name(), Json.write(event));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Kafka did not accept model version " + event.version() + ": " + e, e);
        }
    }
}
