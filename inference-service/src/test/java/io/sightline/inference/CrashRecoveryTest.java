package io.sightline.inference;

import io.micronaut.context.ApplicationContext;
import io.sightline.contract.ClassifyResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults())) {
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
                results.awaitAll(ids, () -> ExactlyOnce.describe(harness));
                ExactlyOnce.awaitAllOffsetsCommitted(harness);
            } finally {
                second.close();
            }

            Map<String, Integer> counts = ExactlyOnce.countCommittedResults(harness);
            assertEquals(Set.copyOf(ids), counts.keySet());
            List<String> duplicated = counts.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
            assertTrue(duplicated.isEmpty(), "requests with more than one result: " + duplicated);
            assertTrue(results.all().values().stream().flatMap(List::stream).allMatch(ClassifyResult::isOk));
        }
    }

    @Test
    void aZombieWithTheSameTransactionalIdFencesTheServiceWhichRecoversWithoutDuplicates() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new java.util.ArrayList<>(harness.sendInlineBatch(REQUESTS));
            ApplicationContext service = harness.start("fenced");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !results.all().isEmpty());
                try (var zombie = io.sightline.kafka.KafkaClients.plaintext(harness.kafkaBootstrap).producer("zombie",
                        harness.groupId + "-fenced")) {
                    zombie.initTransactions();
                }
                // Requests sent after the fencing are answered only if the service recovered from it.
                ids.addAll(harness.sendInlineBatch(REQUESTS / 4));
                results.awaitAll(ids, () -> ExactlyOnce.describe(harness));
                ExactlyOnce.awaitAllOffsetsCommitted(harness);
                // Kafka reports the takeover as fencing, or (depending on where the producer was) as a failed
                // transaction or session: one of the three meters must have counted it.
                io.micrometer.core.instrument.MeterRegistry meters =
                        service.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                assertTrue(meters.counter("sightline.inference.kafka.fenced").count()
                        + meters.counter("sightline.inference.kafka.aborts").count()
                        + meters.counter("sightline.inference.kafka.restarts").count() >= 1, "the takeover was counted");
            } finally {
                service.close();
            }
            Map<String, Integer> counts = ExactlyOnce.countCommittedResults(harness);
            assertEquals(Set.copyOf(ids), counts.keySet());
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "one result per request: " + counts.values().stream()
                    .filter(c -> c != 1).count() + " duplicated");
        }
    }
}
