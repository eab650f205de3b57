package io.sightline.kafka;

import io.sightline.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that can never succeed, for {@code sightline.dlq}: the original key and value bytes, the
 * original headers, plus the {@link DeadLetterHeaders} naming where it came from and why it was refused.
 */
public final class DeadLetters {
    public static final String TOPIC = DeadLetterHeaders.TOPIC;
    public static final String PARTITION = DeadLetterHeaders.PARTITION;
    public static final String OFFSET = DeadLetterHeaders.OFFSET;
    public static final String ERROR = DeadLetterHeaders.ERROR;

    private DeadLetters() {
    }

    public static ProducerRecord<String, byte[]> of(String dlqTopic, ConsumerRecord<String, byte[]> original, String error) {
        return new ProducerRecord<>(dlqTopic, null, original.key(), original.value(), headers(original, error));
    }

    /** The original headers plus those naming the original topic, partition, offset and the error. */
    public static Headers headers(ConsumerRecord<String, byte[]> original, String error) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        DeadLetterHeaders.of(original.topic(), original.partition(), original.offset(), error).asMap()
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }
}
