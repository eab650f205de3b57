package io.sightline.inference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.testing.KafkaTestClients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The exactly-once check of the fault tests: every request has exactly one committed result. */
final class ExactlyOnce {
    private ExactlyOnce() {
    }

    /** Waits until the group committed every request, then asserts one committed result per request. */
    static void assertExactlyOneResultEach(ServiceHarness harness, Collection<String> requestIds) {
        awaitAllOffsetsCommitted(harness);
        Map<String, Integer> counts = countCommittedResults(harness);
        assertEquals(Set.copyOf(requestIds), counts.keySet(), "every request has a result, and only they");
        List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        assertTrue(duplicated.isEmpty(), "requests with more than one result: " + duplicated);
    }

    /** The group's committed offsets reach the end of the request topic: every request's transaction is done. */
    static void awaitAllOffsetsCommitted(ServiceHarness harness) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafkaBootstrap));
             KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(harness.kafkaBootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(harness.topics.classifyRequests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(harness.groupId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
            });
        }
    }

    /**
     * The broker's side of a missing result, for a failure message: per partition, how far the group committed
     * the requests, the results' end and last stable offsets (a gap = a transaction still open), the transactions
     * not finished, and the group's members.
     */
    static String describe(ServiceHarness harness) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafkaBootstrap))) {
            String requests = harness.topics.classifyRequests();
            String results = harness.topics.classifyResults();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(harness.groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var group = admin.describeConsumerGroups(List.of(harness.groupId)).all().get(10, TimeUnit.SECONDS)
                    .get(harness.groupId);
            var open = admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.state() != TransactionState.COMPLETE_COMMIT && t.state() != TransactionState.COMPLETE_ABORT
                            && t.state() != TransactionState.EMPTY)
                    .map(t -> t.transactionalId() + " " + t.state()).toList();
            return "requests end " + ends(admin, requests, IsolationLevel.READ_UNCOMMITTED) + ", committed by the group "
                    + committed.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                            e -> e.getValue().offset()))
                    + "; results end " + ends(admin, results, IsolationLevel.READ_UNCOMMITTED) + ", stable "
                    + ends(admin, results, IsolationLevel.READ_COMMITTED) + "; transactions not finished " + open
                    + "; group " + group.state() + " with " + group.members().size() + " members";
        } catch (Exception e) {
            return "the broker could not be asked: " + e;
        }
    }

    private static Map<Integer, Long> ends(Admin admin, String topic, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS)
                .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /** Reads the whole results topic (read_committed) up to its end and counts results per requestId. */
    static Map<String, Integer> countCommittedResults(ServiceHarness harness) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(harness.kafkaBootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(harness.topics.classifyResults()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(Json.read(record.value(), ClassifyResult.class).requestId(), 1, Integer::sum);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
