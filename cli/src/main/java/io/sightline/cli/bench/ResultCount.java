package io.sightline.cli.bench;

import io.sightline.cli.client.Waits;
import io.sightline.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The exactly-once count at the end of a soak: waits (bounded) until the inference group has committed
 * every request, then reads the results topic read_committed from its start up to its end and counts
 * the committed results of each of the run's requests.
 */
final class ResultCount {
    private static final int SAMPLE = 10;

    private ResultCount() {
    }

    /**
     * What the results topic holds for the run's requests.
     *
     * @param committed         requests with at least one committed result
     * @param lost              acknowledged requests without one
     * @param doubled           requests with more than one
     * @param unexpected        requests whose send failed on the client and that were answered all the same
     * @param groupCommittedAll whether the inference group had committed every request before the count
     * @param lostIds           up to ten of the lost requestIds
     * @param doubledIds        up to ten of the doubled requestIds
     */
    record Outcome(long committed, long lost, long doubled, long unexpected, boolean groupCommittedAll,
                   List<String> lostIds, List<String> doubledIds) {
    }

    static Outcome count(KafkaClients clients, String requestsTopic, String resultsTopic, String groupId,
                         SoakLedger ledger, Duration timeout) {
        boolean committedAll = awaitGroupCommitted(clients, requestsTopic, groupId, timeout);
        int[] results = countResults(clients, resultsTopic, ledger, timeout);
        long committed = 0;
        long lost = 0;
        long doubled = 0;
        long unexpected = 0;
        List<String> lostIds = new ArrayList<>();
        List<String> doubledIds = new ArrayList<>();
        for (int sequence = 0; sequence < results.length; sequence++) {
            boolean acknowledged = ledger.isAcknowledged(sequence);
            if (results[sequence] > 0) {
                committed++;
                unexpected += acknowledged ? 0 : 1;
            } else if (acknowledged) {
                lost++;
                addSample(lostIds, ledger.requestId(sequence));
            }
            if (results[sequence] > 1) {
                doubled++;
                addSample(doubledIds, ledger.requestId(sequence) + " x" + results[sequence]);
            }
        }
        return new Outcome(committed, lost, doubled, unexpected, committedAll, lostIds, doubledIds);
    }

    private static void addSample(List<String> sample, String id) {
        if (sample.size() < SAMPLE) {
            sample.add(id);
        }
    }

    /** Whether the group's committed offsets reached the end of the request topic within {@code timeout}. */
    private static boolean awaitGroupCommitted(KafkaClients clients, String requestsTopic, String groupId,
                                               Duration timeout) {
        try (Admin admin = clients.admin();
             KafkaConsumer<String, byte[]> consumer = clients.consumer(Map.of())) {
            List<TopicPartition> partitions = partitions(consumer, requestsTopic);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Waits.until("the inference group to commit every request", timeout, Duration.ofMillis(200), () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    boolean all = ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue());
                    return all ? Optional.of(true) : Optional.empty();
                } catch (Exception e) {
                    return Optional.empty();
                }
            });
            return true;
        } catch (IllegalStateException e) {
            return false; // counted all the same: a request never consumed shows as lost
        }
    }

    /** Committed results per sequence number, read from the start of the results topic to its end. */
    private static int[] countResults(KafkaClients clients, String resultsTopic, SoakLedger ledger, Duration timeout) {
        int[] counts = new int[Math.toIntExact(ledger.sentCount())];
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(Map.of())) {
            List<TopicPartition> partitions = partitions(consumer, resultsTopic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions); // read_committed: the stable end
            Waits.until("the results topic to be read to its end", timeout, Duration.ZERO, () -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    OptionalLong sequence = ledger.sequence(record.key());
                    if (sequence.isPresent() && sequence.getAsLong() < counts.length) {
                        counts[(int) sequence.getAsLong()]++;
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))
                        ? Optional.of(true) : Optional.empty();
            });
        }
        return counts;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }
}
