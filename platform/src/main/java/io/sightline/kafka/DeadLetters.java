package io.sightline.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record that can never succeed, for {@code sightline.dlq}: the original key and value bytes, the
 * original headers, plus headers naming where it came from and why it was refused.
 */
public final class DeadLetters {
    public static final String TOPIC = "sightline.dlq.topic";
    public static final String PARTITION = "sightline.dlq.partition";
    public static final String OFFSET = "sightline.dlq.offset";
    public static final String ERROR = "sightline.dlq.error";

    private DeadLetters() {
    }

    public static ProducerRecord<String, byte[]> of(String dlqTopic, ConsumerRecord<String, byte[]> original, String error) {
        return new ProducerRecord<>(dlqTopic, null, original.key(), original.value(), headers(original, error));
    }

    /** The original headers plus those naming the original topic, partition, offset and the error. */
    public static Headers headers(ConsumerRecord<String, byte[]> original, String error) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        headers.add(TOPIC, utf8(original.topic()));
        headers.add(PARTITION, utf8(Integer.toString(original.partition())));
        headers.add(OFFSET, utf8(Long.toString(original.offset())));
        headers.add(ERROR, utf8(error));
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
