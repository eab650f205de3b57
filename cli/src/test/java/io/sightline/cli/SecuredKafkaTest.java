package io.sightline.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.contract.Topics;
import io.sightline.embedded.EmbeddedKafka;
import io.sightline.kafka.KafkaAccess.KafkaAccessException;
import io.sightline.kafka.KafkaClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The three services on a broker that requires a SASL/PLAIN login, with the credentials given only as
 * {@code kafka.*} configuration: ingest, train and classify over Kafka work; a wrong password stops the
 * start with one line.
 */
class SecuredKafkaTest {
    private static final String USER = "sightline-app";
    private static final String PASSWORD = "s3cret \"quoted\" pa$$";
    private static final Map<String, Color> COLOURS = Map.of("red", new Color(210, 40, 40), "blue", new Color(40, 60, 210));

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.startWithLogin(TestInfra.tempDir("sasl-kafka"), 0, Map.of(USER, PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void ingestTrainAndClassifyOverKafkaWithALogin() throws Exception {
        String prefix = TestInfra.get().uniquePrefix();
        Topics topics = new Topics(prefix);
        try (ApplicationContext services = ApplicationContext.run(EmbeddedServer.class, properties(prefix, PASSWORD))
                .getApplicationContext()) {
            SightlineClient client = new SightlineClient(services.getBean(EmbeddedServer.class).getURL() + "/",
                    TestInfra.ADMIN_TOKEN);
            byte[] probe = null;
            for (String label : COLOURS.keySet()) {
                for (int i = 0; i < 6; i++) {
                    byte[] picture = TestImages.png(COLOURS.get(label), 48 + i, 40, label.hashCode() + i);
                    assertEquals(201, client.upload(picture, label + "-" + i + ".png", label).status());
                    probe = label.equals("red") ? picture : probe;
                }
            }
            client.train().orThrow("train");
            await().atMost(Duration.ofMinutes(3)).until(() -> client.servedVersion().isPresent());

            KafkaClients app = new KafkaClients(appSettings(PASSWORD));
            String requestId = "sasl-" + UUID.randomUUID();
            try (KafkaProducer<String, byte[]> producer = app.producer("sasl-test", null);
                 KafkaConsumer<String, byte[]> results = app.committedReader("sasl-test-" + UUID.randomUUID())) {
                ClassifyRequest request = new ClassifyRequest(requestId, null, Base64.getEncoder().encodeToString(probe), 1);
                producer.send(new ProducerRecord<>(topics.classifyRequests(), requestId, Json.write(request))).get();
                results.subscribe(List.of(topics.classifyResults()));
                ClassifyResult result = await().atMost(Duration.ofMinutes(2)).until(() -> find(results, requestId),
                        found -> found != null);
                assertTrue(result.isOk(), String.valueOf(result.error()));
                assertEquals("red", result.label());
            }
        }
    }

    @Test
    @Timeout(120) // a hang guard, not a speed target: without the start-up check the start would not fail at all
    void aWrongPasswordStopsTheStartWithOneLine() {
        String prefix = TestInfra.get().uniquePrefix();
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> ApplicationContext.run(EmbeddedServer.class, properties(prefix, "not-the-password")).close());
        KafkaAccessException access = causeOfType(failure, KafkaAccessException.class);
        String line = OneLineErrors.message(failure);
        assertEquals(access.getMessage(), line, "the CLI prints the access failure itself");
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("refused this service's login"), line);
        assertFalse(line.contains("not-the-password"), "the password never reaches the message: " + line);
    }

    private static Map<String, Object> properties(String prefix, String password) {
        TestInfra infra = TestInfra.get();
        Map<String, Object> props = new HashMap<>(infra.micronautProperties(prefix, infra.uniqueBucket()));
        appSettings(password).forEach((key, value) -> props.put("kafka." + key, value));
        props.putAll(ServiceSettings.light(prefix));
        return props;
    }

    private static Map<String, Object> appSettings(String password) {
        Map<String, Object> settings = new HashMap<>(EmbeddedKafka.saslPlainSettings(USER, password));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }

    private static ClassifyResult find(KafkaConsumer<String, byte[]> results, String requestId) {
        List<ClassifyResult> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(500))) {
            if (requestId.equals(record.key())) {
                found.add(Json.read(record.value(), ClassifyResult.class));
            }
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static <T extends Throwable> T causeOfType(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + error, error);
    }
}
