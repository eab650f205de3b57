package io.sightline.ingest;

import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link ImageEvents} on {@code sightline.images}: idempotent producer, {@code acks=all}, synchronous. */
@Singleton
public class KafkaImageEvents implements ImageEvents {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    KafkaImageEvents(KafkaClients kafka, Topics topics) {
        this.producer = kafka.producer("sightline-ingest", null);
        this.topic = topics.images();
    }

    @Override
    public void published(LabelledImage image) {
        send(image.imageId(), Json.write(image));
    }

    @Override
    public void removed(String imageId) {
        send(imageId, null);
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw IngestException.unavailable("interrupted while publishing to Kafka", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw IngestException.unavailable("Kafka did not accept the event (" + cause.getMessage()
                    + "); the upload is safe to retry", e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
