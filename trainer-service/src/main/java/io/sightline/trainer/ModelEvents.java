package io.sightline.trainer;

import io.sightline.contract.Json;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Announces promoted versions on {@code sightline.models}, keyed by model name: the single writer of
 * model versions. Every trainer of a model uses the same transactional id
 * ({@code sightline-trainer-<model>}); {@link #claim} at the start of a training fences every producer
 * of that id started before, so a trainer that lost the lead while it trained cannot publish
 * ({@link WriterFencedException}). Hand-made rather than a {@code @KafkaClient}: the claim must happen
 * when a training starts, not at the first send, and a fenced producer must be replaced, not reused.
 */
@Singleton
public class ModelEvents {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final String topic;
    private final String transactionalId;
    private KafkaProducer<String, byte[]> producer;

    @Inject
    ModelEvents(KafkaClients kafka, Topics topics, TrainerConfig config) {
        this(kafka, topics.models(), "sightline-trainer-" + config.modelName());
    }

    ModelEvents(KafkaClients kafka, String topic, String transactionalId) {
        this.kafka = kafka;
        this.topic = topic;
        this.transactionalId = transactionalId;
    }

    /** Becomes the one writer of this model's versions: any earlier writer is fenced from now on. */
    public synchronized void claim() {
        closeProducer();
        KafkaProducer<String, byte[]> created = kafka.producer("sightline-trainer-models", transactionalId);
        try {
            created.initTransactions();
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
        producer = created;
    }

    /** Publishes a promoted version in a transaction; throws {@link WriterFencedException} when another claimed since. */
    public synchronized void published(ModelPublished event) {
        if (producer == null) {
            claim();
        }
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, event.name(), Json.write(event)))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            closeProducer();
            throw new WriterFencedException(event.version(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProducerFencedException || e.getCause() instanceof InvalidProducerEpochException) {
                closeProducer();
                throw new WriterFencedException(event.version(), e);
            }
            throw failed(event, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(event, e);
        } catch (TimeoutException | KafkaException e) {
            throw failed(event, e);
        }
    }

    private IllegalStateException failed(ModelPublished event, Throwable cause) {
        closeProducer(); // a transaction in an unknown state: the next publication claims afresh
        return new IllegalStateException("Kafka did not accept model version " + event.version() + ": " + cause, cause);
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        closeProducer();
    }

    /** Another trainer claimed the model's versions after this one started its training. */
    public static final class WriterFencedException extends RuntimeException {
        WriterFencedException(int version, Throwable cause) {
            super("version " + version + " was not published: another trainer took over the model's versions", cause);
        }
    }
}
