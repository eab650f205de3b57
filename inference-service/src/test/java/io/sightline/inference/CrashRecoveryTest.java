package io.sightline.inference;

import io.micronaut.context.ApplicationContext;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.testing.KafkaTestClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the service mid-stream and starting another one on the same group: one committed result per request. */
class CrashRecoveryTest {
    private static final int REQUESTS = 600;

    @Test
    void everyRequestHasExactlyOneCommittedResultAcrossARestart() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.infra.kafkaBootstrap(), harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new java.util.ArrayList<>(harness.sendInlineBatch(REQUESTS));
            ApplicationContext first = harness.start("restart");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !results.all().isEmpty());
            } finally {
                first.close();
            }
            // Requests sent after the stop can only be answered by the second instance: the restart is mid-stream.
            ids.addAll(harness.sendInlineBatch(REQUESTS / 4));

            ApplicationContext second = harness.start("restart");
            try {
                results.awaitAll(ids);
                awaitAllOffsetsCommitted(harness);
            } finally {
                second.close();
            }

            Map<String, Integer> counts = countCommittedResults(harness);
            assertEquals(Set.copyOf(ids), counts.keySet());
            List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
            assertTrue(duplicated.isEmpty(), "requests with more than one result: " + duplicated);
            assertTrue(results.all().values().stream().flatMap(List::stream).allMatch(ClassifyResult::isOk));
        }
    }

    @Test
    void aZombieWithTheSameTransactionalIdFencesTheServiceWhichRecoversWithoutDuplicates() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.infra.kafkaBootstrap(), harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new java.util.ArrayList<>(harness.sendInlineBatch(REQUESTS));
            ApplicationContext service = harness.start("fenced");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !results.all().isEmpty());
                try (var zombie = io.sightline.kafka.KafkaClients.plaintext(harness.infra.kafkaBootstrap()).producer("zombie",
                        harness.groupId + "-fenced")) {
                    zombie.initTransactions();
                }
                // Requests sent after the fencing are answered only if the service recovered from it.
                ids.addAll(harness.sendInlineBatch(REQUESTS / 4));
                results.awaitAll(ids);
                awaitAllOffsetsCommitted(harness);
            } finally {
                service.close();
            }
            Map<String, Integer> counts = countCommittedResults(harness);
            assertEquals(Set.copyOf(ids), counts.keySet());
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "one result per request: " + counts.values().stream()
                    .filter(c -> c != 1).count() + " duplicated");
        }
    }

    /** The group's committed offsets reach the end of the request topic: every request's transaction is done. */
    private static void awaitAllOffsetsCommitted(ServiceHarness harness) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.infra.kafkaBootstrap()));
             KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(harness.infra.kafkaBootstrap())) {
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

    /** Reads the whole results topic (read_committed) up to its end and counts results per requestId. */
    private static Map<String, Integer> countCommittedResults(ServiceHarness harness) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.consumer(harness.infra.kafkaBootstrap())) {
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
