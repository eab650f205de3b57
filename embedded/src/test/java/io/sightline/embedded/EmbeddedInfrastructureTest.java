package io.sightline.embedded;

import io.sightline.storage.ObjectStore;
import io.sightline.storage.StorageException;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestInfra;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded broker and S3 server through the real clients, restarts included. */
class EmbeddedInfrastructureTest {

    @Test
    void recordsAndObjectsSurviveARestartOnTheSameDataDir() throws Exception {
        Path dataDir = TestInfra.tempDir("restart");
        S3Credentials credentials = new S3Credentials("restart-key", "restart-secret");

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
             EmbeddedS3 s3 = EmbeddedS3.start(dataDir, 0, credentials)) {
            createTopic(kafka.bootstrapServers(), "persisted");
            KafkaTestClients.send(kafka.bootstrapServers(), "persisted", "k1", "first".getBytes(StandardCharsets.UTF_8));
            ObjectStore store = store(s3, "persisted");
            store.ensureBucket();
            store.put("images/a", new byte[] {1, 2, 3}, "application/octet-stream");
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
             EmbeddedS3 s3 = EmbeddedS3.start(dataDir, 0, credentials)) {
            List<ConsumerRecord<String, byte[]>> records =
                    KafkaTestClients.readAtLeast(kafka.bootstrapServers(), "persisted", 1);
            assertEquals("k1", records.get(0).key());
            assertEquals("first", new String(records.get(0).value(), StandardCharsets.UTF_8));
            ObjectStore store = store(s3, "persisted");
            assertEquals(List.of("images/a"), store.list("images/"));
            assertEquals(3, store.get("images/a").length);
        }
    }

    @Test
    void sharedInfrastructureServesPlainClients() {
        TestInfra infra = TestInfra.get();
        String topic = infra.uniquePrefix() + "plain";
        createTopic(infra.kafkaBootstrap(), topic);
        KafkaTestClients.send(infra.kafkaBootstrap(), topic, "key", "value".getBytes(StandardCharsets.UTF_8));
        assertEquals("key", KafkaTestClients.readAtLeast(infra.kafkaBootstrap(), topic, 1).get(0).key());

        ObjectStore store = infra.newStore();
        assertTrue(store.putIfAbsent("x", new byte[] {9}, "application/octet-stream"));
        assertFalse(store.putIfAbsent("x", new byte[] {9}, "application/octet-stream"));
        assertEquals(List.of("x"), store.list(""));
    }

    @Test
    void aPortInUseIsOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            InfrastructureException error = assertThrows(InfrastructureException.class,
                    () -> EmbeddedS3.start(TestInfra.tempDir("busy"), taken.getLocalPort(),
                            new S3Credentials("a", "b")));
            assertEquals("S3 port " + taken.getLocalPort()
                    + " is already in use; choose another with --s3-port (or 0 for any free port)", error.getMessage());
            InfrastructureException kafkaError = assertThrows(InfrastructureException.class,
                    () -> EmbeddedKafka.start(TestInfra.tempDir("busy"), taken.getLocalPort()));
            assertTrue(kafkaError.getMessage().contains("--kafka-port"), kafkaError.getMessage());
        }
    }

    @Test
    void aDataDirThatCannotBeWrittenIsOneClearLine() throws Exception {
        Path blocker = Files.createTempFile("not-a-dir", ".txt");
        InfrastructureException error = assertThrows(InfrastructureException.class,
                () -> EmbeddedKafka.start(blocker.resolve("inside"), 0));
        assertTrue(error.getMessage().startsWith("data dir "), error.getMessage());
        assertTrue(error.getMessage().endsWith("is not writable; choose another with --data-dir"), error.getMessage());
    }

    @Test
    void wrongCredentialsAreNamed() {
        TestInfra infra = TestInfra.get();
        ObjectStore wrong = ObjectStore.connect(infra.s3Endpoint(), "wrong", "credentials-here", "us-east-1",
                infra.uniqueBucket());
        StorageException error = assertThrows(StorageException.class, wrong::ensureBucket);
        assertTrue(error.getMessage().contains("rejected the credentials"), error.getMessage());
        assertTrue(error.getMessage().contains("SIGHTLINE_S3_ACCESS_KEY"), error.getMessage());
    }

    private static ObjectStore store(EmbeddedS3 s3, String bucket) {
        return ObjectStore.connect(s3.endpoint(), s3.credentials().accessKey(), s3.credentials().secretKey(),
                "us-east-1", bucket);
    }

    private static void createTopic(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
