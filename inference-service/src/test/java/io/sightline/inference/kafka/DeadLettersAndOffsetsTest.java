package io.sightline.inference.kafka;

import io.sightline.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadLettersAndOffsetsTest {

    @Test
    void aDeadLetterKeepsKeyValueAndHeadersAndSaysWhereFromAndWhy() {
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>("p.classify.requests", 1, 42, "key-1",
                new byte[] {1, 2, 3});
        original.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> dead = DeadLetters.of("p.dlq", original, "not JSON");
        assertEquals("p.dlq", dead.topic());
        assertEquals("key-1", dead.key());
        assertArrayEquals(new byte[] {1, 2, 3}, dead.value());
        assertEquals("abc", text(dead, "trace"));
        assertEquals("p.classify.requests", text(dead, DeadLetters.TOPIC));
        assertEquals("1", text(dead, DeadLetters.PARTITION));
        assertEquals("42", text(dead, DeadLetters.OFFSET));
        assertEquals("not JSON", text(dead, DeadLetters.ERROR));
    }

    @Test
    void offsetsToCommitAreOnePastTheLastRecordAndRewindGoesToTheFirst() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(record(0, 5), record(1, 9), record(0, 6), record(0, 7), record(1, 10));
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);
        assertEquals(Map.of(p0, new OffsetAndMetadata(8), p1, new OffsetAndMetadata(11)), ClassifyConsumerLoop.nextOffsets(poll));
        assertEquals(Map.of(p0, 5L, p1, 9L), ClassifyConsumerLoop.firstOffsets(poll));
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset) {
        return new ConsumerRecord<>("t", partition, offset, "k", new byte[0]);
    }

    private static String text(ProducerRecord<String, byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
