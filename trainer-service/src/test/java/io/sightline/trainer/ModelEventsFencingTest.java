package io.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sightline.contract.BackboneInfo;
import io.sightline.contract.Json;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Topics;
import io.sightline.contract.TrainedOn;
import io.sightline.kafka.KafkaClients;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestInfra;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two trainers of one model: the one that claimed last publishes; the other is fenced and publishes nothing. */
class ModelEventsFencingTest {

    @Test
    void aTrainerThatLostTheClaimCannotPublish() {
        TestInfra infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        Topics topics = infra.createTopics(prefix, 1);
        KafkaClients kafka = KafkaClients.plaintext(infra.kafkaBootstrap());
        ModelEvents first = new ModelEvents(kafka, topics.models(), prefix + "trainer-default");
        ModelEvents second = new ModelEvents(kafka, topics.models(), prefix + "trainer-default");
        try {
            first.claim();
            second.claim(); // e.g. a new leader after a rebalance while the first still trains
            assertThrows(ModelEvents.WriterFencedException.class, () -> first.published(event(5, "aa")));
            second.published(event(5, "bb"));
            second.published(event(6, "cc"));
            List<ModelPublished> published = KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topics.models(), 2)
                    .stream().map(record -> Json.read(record.value(), ModelPublished.class)).toList();
            assertEquals(List.of("bb", "cc"), published.stream().map(ModelPublished::sha256).toList(),
                    "only the claiming trainer's versions, in order");
        } finally {
            first.close();
            second.close();
        }
    }

    private static ModelPublished event(int version, String sha) {
        return new ModelPublished("default", version, new ObjectRef("b", "models/default/" + version + "/model.onnx"),
                sha, List.of("a", "b"), new BackboneInfo("tiny-cnn", "ab", false), new ModelMetrics(1, 1, 1, 1, 0),
                new TrainedOn(1, 0, 1), Instant.EPOCH);
    }
}
