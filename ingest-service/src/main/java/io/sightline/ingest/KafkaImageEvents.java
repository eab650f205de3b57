package io.sightline.ingest;

import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.kafka.EventProducer;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.RecordMetadata;

/** {@link ImageEvents} on {@code sightline.images}, through the acknowledged {@link EventProducer}. */
@Singleton
public class KafkaImageEvents implements ImageEvents {
    private final EventProducer producer;
    private final String topic;

    KafkaImageEvents(EventProducer producer, Topics topics) {
        this.producer = producer;
        this.topic = topics.images();
    }

    @Override
    public LogPosition published(LabelledImage image) {
        return send(image.imageId(), Json.write(image));
    }

    @Override
    public LogPosition removed(String imageId) {
        return send(imageId, null);
    }

    private LogPosition send(String key, byte[] value) {
        try {
            RecordMetadata metadata = producer.send(topic, key, value);
            return new LogPosition(metadata.partition(), metadata.offset());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw IngestException.unavailable("Kafka did not accept the event (" + cause.getMessage()
                    + "); the upload is safe to retry", e);
        }
    }
}
