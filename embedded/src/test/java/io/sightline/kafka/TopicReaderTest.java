package io.sightline.kafka;

import io.sightline.embedded.EmbeddedKafka;
import io.sightline.testing.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reader started before its topic exists waits for it, then reads it; closing it while it waits is
 * prompt; its read barrier returns only once what was written before has been handled.
 */
class TopicReaderTest {
    private final TestInfra infra = TestInfra.get();

    @Test
    void waitsForATopicThatDoesNotExistYetThenReadsIt() throws Exception {
        String topic = infra.uniquePrefix() + ".late";
        List<String> seen = new CopyOnWriteArrayList<>();
        try (TopicReader reader = new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), topic, (key, value) -> seen.add(key))) {
            reader.start();
            assertFalse(reader.awaitCaughtUp(Duration.ofSeconds(1)), "no topic yet, so not caught up");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, byte[]> producer = io.sightline.testing.KafkaTestClients.producer(infra.kafkaBootstrap())) {
                producer.send(new ProducerRecord<>(topic, "first", new byte[] {1})).get();
            }
            assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("first"));
        }
        assertEquals(List.of("first"), seen);
    }

    @Test
    void readersStoppedTogetherWhileFollowingATopicAllEnd() throws Exception {
        String topic = infra.uniquePrefix() + ".stopped";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        io.sightline.testing.KafkaTestClients.send(infra.kafkaBootstrap(), topic, "only", new byte[] {1});
        List<String> seen = new CopyOnWriteArrayList<>();
        List<TopicReader> readers = List.of(
                new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), topic, (key, value) -> seen.add(key)),
                new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), topic, (key, value) -> seen.add(key)),
                new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), topic, (key, value) -> seen.add(key)));
        readers.forEach(TopicReader::start);
        for (TopicReader reader : readers) {
            assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(60)), "each reader caught up, then waits in its poll");
        }
        TopicReader.closeAll(readers);
        for (TopicReader reader : readers) {
            assertFalse(reader.isRunning(), "the reader's thread has ended (its consumer closed without waiting)");
        }
        assertEquals(List.of("only", "only", "only"), seen, "each reader handed over the record once");
    }

    @Test
    void closingWhileWaitingForTheTopicStopsTheReader() {
        TopicReader reader = new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), infra.uniquePrefix() + ".never", (key, value) -> { });
        reader.start();
        assertFalse(reader.awaitCaughtUp(Duration.ofSeconds(1)));
        reader.close();
        assertFalse(reader.isRunning(), "the reader's thread has ended");
    }

    @Test
    void aReaderStartedWhileKafkaIsDownStartsOverAndReadsEverythingOnceKafkaIsBack() throws Exception {
        Path dataDir = TestInfra.tempDir("reader-restart");
        String topic = "restarted";
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0)) {
            port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            io.sightline.testing.KafkaTestClients.send(kafka.bootstrapServers(), topic, "before", new byte[] {1});
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        try (TopicReader reader = new TopicReader(KafkaClients.plaintext("localhost:" + port), topic,
                (key, value) -> seen.add(key))) {
            reader.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> reader.restarts() > 0);
            assertFalse(reader.isHealthy(), "between two consumers the reader says it is not healthy");
            try (EmbeddedKafka again = EmbeddedKafka.start(dataDir, port)) {
                io.sightline.testing.KafkaTestClients.send(again.bootstrapServers(), topic, "after", new byte[] {2});
                assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(90)), "the reader caught up once Kafka was back");
                await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("after"));
                assertTrue(reader.isHealthy());
            }
        }
        assertEquals(List.of("before", "after"), seen, "each record once, in order");
    }

    @Test
    void afterTheReadBarrierEveryRecordWrittenBeforeHasBeenHandledInLogOrder() throws Exception {
        String topic = infra.uniquePrefix() + ".barrier";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        Map<Integer, Long> lastOffset = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        try (TopicReader reader = new TopicReader(KafkaClients.plaintext(infra.kafkaBootstrap()), topic,
                (partition, offset, key, value) -> {
                    Long before = lastOffset.put(partition, offset);
                    if (before != null && before >= offset) {
                        outOfOrder.add(partition + "@" + offset);
                    }
                    seen.add(key);
                })) {
            assertFalse(reader.awaitLatest(Duration.ofMillis(100)), "not started: nothing read yet");
            reader.start();
            assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(60)));
            try (KafkaProducer<String, byte[]> producer = io.sightline.testing.KafkaTestClients.producer(infra.kafkaBootstrap())) {
                for (int i = 0; i < 500; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, new byte[] {1}));
                }
                producer.flush();
            }
            assertTrue(reader.awaitLatest(Duration.ofSeconds(30)));
            assertEquals(500, seen.size(), "every record written before the barrier has been handled");
            assertEquals(List.of(), outOfOrder);
            assertTrue(reader.awaitLatest(Duration.ofSeconds(30)), "nothing new: returns at once");
        }
    }

    /** A record the handler refuses is skipped, counted and on the meter; the records after it are read. */
    @Test
    void aRecordItsHandlerRefusesIsCountedAndTheNextOnesAreRead() throws Exception {
        String topic = infra.uniquePrefix() + "refused";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        for (String key : List.of("good-1", "corrupt", "good-2")) {
            io.sightline.testing.KafkaTestClients.send(infra.kafkaBootstrap(), topic, key, new byte[] {1});
        }
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        List<String> seen = new CopyOnWriteArrayList<>();
        io.sightline.runtime.TopicReaders readers = io.sightline.runtime.TopicReadersAccess.create(
                KafkaClients.plaintext(infra.kafkaBootstrap()), meters);
        try {
            TopicReader reader = readers.follow(topic, (key, value) -> {
                if (key.equals("corrupt")) {
                    throw new IllegalArgumentException("not an event");
                }
                seen.add(key);
            });
            assertTrue(reader.awaitCaughtUp(Duration.ofSeconds(60)));
            assertEquals(List.of("good-1", "good-2"), seen);
            assertEquals(1, reader.skipped());
            assertEquals(1.0, meters.get(io.sightline.runtime.TopicReaders.SKIPPED_METER).tag("topic", topic)
                    .functionCounter().count());
        } finally {
            io.sightline.runtime.TopicReadersAccess.close(readers);
        }
    }
}
