package io.sightline.kafka;

import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.messaging.annotation.MessageBody;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * The services' events (labelled images, embeddings, model versions, dead letters) as a
 * micronaut-kafka client: it takes Micronaut's {@code kafka.*} configuration like every other client,
 * and adds what the events need: idempotent, {@code acks=all}, no lingering, bounded waits, and room
 * for a DLQ copy of the largest request. The topic is an argument, named by
 * {@link io.sightline.contract.Topics}, so topic names live in one place.
 */
@KafkaClient(id = "sightline-events", acks = KafkaClient.Acknowledge.ALL, maxBlock = "30s", properties = {
        @Property(name = ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, value = "true"),
        @Property(name = ProducerConfig.LINGER_MS_CONFIG, value = "0"),
        @Property(name = ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, value = "30000"),
        @Property(name = ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, value = "10000"),
        @Property(name = ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value = "" + io.sightline.contract.Topics.MAX_DLQ_RECORD_BYTES)})
public interface EventProducer {

    /**
     * Sends one event and returns once the broker has acknowledged it on every in-sync replica (at most
     * 30 s); a null value is a tombstone. Fails with a {@code MessagingClientException} otherwise.
     */
    RecordMetadata send(@Topic String topic, @KafkaKey String key, @Nullable @MessageBody byte[] value);

    /** Sends one event; the future completes when the broker has acknowledged it (for many events at once). */
    CompletableFuture<RecordMetadata> sendAsync(@Topic String topic, @KafkaKey String key,
                                                @Nullable @MessageBody byte[] value);

    /** Sends a record that can never succeed to the DLQ, with the headers that say where it came from and why. */
    CompletableFuture<RecordMetadata> sendDeadLetter(@Topic String topic, @Nullable @KafkaKey String key,
                                                     @Nullable @MessageBody byte[] value, Headers headers);
}
