package io.sightline.inference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.sightline.contract.Json;
import io.sightline.contract.Limits;
import io.sightline.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A request whose result could never be written (a 600 KB requestId: the result would outgrow the
 * results topic) goes to the DLQ with the reason, and the partition moves on: a normal request sent
 * after it, on the same partition, is answered.
 */
class PoisonRequestTest {

    @Test
    void aRequestThatCannotBeAnsweredIsADeadLetterAndTheRequestsAfterItAreAnswered() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults());
             ResultCollector deadLetters = ResultCollector.raw(harness.kafkaBootstrap, harness.topics.dlq())) {
            harness.publishModel(1);
            String hugeId = "x".repeat(600_000);
            String picture = Base64.getEncoder().encodeToString(TinyModels.picture(TinyModels.LABELS.get(0), 1));
            // The same key puts both requests on one partition: the second can only be answered after the first.
            harness.send("same-partition", Json.write(Map.of("requestId", hugeId, "imageBase64", picture)));
            harness.send("same-partition", Json.write(Map.of("requestId", "after-the-poison", "imageBase64", picture)));

            ApplicationContext service = harness.start("poison");
            try {
                assertTrue(results.await("after-the-poison").isOk());
                await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters.records().isEmpty());
                ConsumerRecord<String, byte[]> dead = deadLetters.records().get(0);
                String error = new String(dead.headers().lastHeader(DeadLetters.ERROR).value(), StandardCharsets.UTF_8);
                assertTrue(error.contains("requestId is 600000 characters long, at most " + Limits.REQUEST_ID), error);
                assertEquals(1, results.all().size(), "only the answerable request has a result: " + results.all().keySet());
                MeterRegistry meters = service.getBean(MeterRegistry.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("sightline.dlq.writes", "source", "classify")
                        .count() == 1.0);
            } finally {
                service.close();
            }
        }
    }
}
