package io.sightline.cli.security;

import io.sightline.cli.ServiceSettings;
import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.contract.Topics;
import io.sightline.embedded.EmbeddedKafka;
import io.sightline.embedded.Ports;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicBootstrap;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACLs of docs/security.md, and no more, are enough: on a SASL broker with KRaft's StandardAuthorizer
 * (nothing allowed without an ACL), the three services run as processes of their own, each logged in
 * as its own principal with the ACLs the table gives it (read from the table itself), and ingest ->
 * train -> classify over Kafka works; a principal cannot touch what its rows do not name.
 */
class KafkaAclTest {
    private static final Path TABLE = Path.of("..", "docs", "security.md");
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\w+) \\| (topic|group|transactional-id|cluster) \\| `([^`]+)` \\| (literal|prefixed) \\| ([A-Za-z, ]+) \\|");
    private static final Map<String, String> MAIN_CLASSES = Map.of(
            "ingest", "io.sightline.ingest.IngestApplication",
            "trainer", "io.sightline.trainer.TrainerApplication",
            "inference", "io.sightline.inference.InferenceApplication");
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static final Color RED = new Color(210, 40, 40);
    private static final Color BLUE = new Color(40, 60, 210);

    private static EmbeddedKafka kafka;
    private static Path work;
    private static String bucket;
    private static final List<Process> SERVICES = new ArrayList<>();
    private static final Map<String, Integer> WEB = new HashMap<>();
    private static final Map<String, Integer> MANAGEMENT = new HashMap<>();

    @BeforeAll
    static void startBrokerWithTheAclsOfTheTable() throws Exception {
        for (String principal : List.of("ingest", "trainer", "inference", "app")) {
            PASSWORDS.put("sightline-" + principal, UUID.randomUUID().toString());
        }
        work = TestInfra.tempDir("kafka-acl");
        kafka = EmbeddedKafka.startWithAcls(work, 0, PASSWORDS);
        try (Admin admin = kafka.admin()) {
            new TopicBootstrap(admin).ensureTopics(Topics.defaults(), 2, (short) 1);
            admin.createAcls(aclsOfTheTable()).all().get();
        }
        bucket = TestInfra.get().uniqueBucket();
        TestInfra.get().store(bucket).ensureBucket();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process service : SERVICES) {
            service.destroy();
        }
        for (Process service : SERVICES) {
            service.waitFor();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void ingestTrainAndClassifyWithEachServiceOnlyHoldingItsOwnAcls() throws Exception {
        for (String service : MAIN_CLASSES.keySet()) {
            start(service);
        }
        for (String service : MAIN_CLASSES.keySet()) {
            awaitReady(service);
        }
        SightlineClient ingest = client("ingest");
        byte[] probe = null;
        for (int i = 0; i < 6; i++) {
            probe = TestImages.png(RED, 40 + i, 30, 900 + i);
            assertEquals(201, ingest.upload(probe, "red-" + i + ".png", "red").status());
            assertEquals(201, ingest.upload(TestImages.png(BLUE, 40 + i, 30, 950 + i), "blue-" + i + ".png", "blue")
                    .status());
        }
        SightlineClient trainer = client("trainer");
        await().atMost(Duration.ofMinutes(3)).until(() -> trainer.datasetProgress().embedded() == 12);
        trainer.train().orThrow("train");
        SightlineClient inference = client("inference");
        await().atMost(Duration.ofMinutes(3)).until(() -> inference.servedVersion().isPresent());

        KafkaClients app = new KafkaClients(login("sightline-app"));
        Topics topics = Topics.defaults();
        String requestId = "acl-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = app.producer("acl-app", null);
             KafkaConsumer<String, byte[]> results = app.committedReader("sightline-app")) {
            producer.send(new ProducerRecord<>(topics.classifyRequests(), requestId, Json.write(
                    new ClassifyRequest(requestId, null, Base64.getEncoder().encodeToString(probe), 1)))).get();
            results.subscribe(List.of(topics.classifyResults()));
            ClassifyResult result = await().atMost(Duration.ofMinutes(2)).until(() -> find(results, requestId),
                    found -> found != null);
            assertTrue(result.isOk(), String.valueOf(result.error()));
            assertEquals("red", result.label());
        }
        for (String service : MAIN_CLASSES.keySet()) {
            assertEquals(200, health(service), service + " is healthy (its Kafka check included) with its ACLs");
        }
    }

    @Test
    void aPrincipalCannotTouchWhatItsRowsDoNotName() {
        Topics topics = Topics.defaults();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaClients(login("sightline-ingest"))
                .committedReader("sightline-ingest-snoop")) {
            consumer.subscribe(List.of(topics.classifyRequests()));
            assertThrows(org.apache.kafka.common.errors.AuthorizationException.class,
                    () -> consumer.poll(Duration.ofSeconds(10)), "ingest may not read the classify requests");
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaClients(login("sightline-app")).producer("acl-snoop", null)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(topics.models(), "default", new byte[] {'{', '}'})).get());
            assertTrue(refused.getCause() instanceof TopicAuthorizationException, String.valueOf(refused.getCause()));
        }
    }

    /** The rows of the Kafka table of docs/security.md, as ACL bindings for User:sightline-<principal>. */
    private static List<AclBinding> aclsOfTheTable() throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            ResourceType type = switch (row.group(2)) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
                default -> ResourceType.CLUSTER;
            };
            PatternType pattern = row.group(4).equals("prefixed") ? PatternType.PREFIXED : PatternType.LITERAL;
            for (String operation : row.group(5).split(",\\s*")) {
                bindings.add(new AclBinding(new ResourcePattern(type, row.group(3), pattern),
                        new AccessControlEntry("User:sightline-" + row.group(1), "*",
                                AclOperation.fromString(operation.strip().toUpperCase(Locale.ROOT)),
                                AclPermissionType.ALLOW)));
            }
        }
        assertTrue(bindings.size() > 10, "the Kafka table of " + TABLE.toAbsolutePath() + " has its rows");
        return bindings;
    }

    /** The service as a process of its own: its module's classes only, its login, its settings in a file. */
    private static void start(String service) throws IOException {
        int web = Ports.free();
        int management = Ports.free();
        WEB.put(service, web);
        MANAGEMENT.put(service, management);
        Map<String, Object> settings = new HashMap<>(TestInfra.get().micronautProperties("sightline.", bucket));
        settings.put("micronaut.server.port", web);
        settings.put("endpoints.all.port", management);
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        login("sightline-" + service).forEach((key, value) -> settings.put("kafka." + key, value));
        settings.put("sightline.kafka.create-topics", false);
        settings.putAll(ServiceSettings.light(null)); // the default groups, as the table names them
        settings.put("sightline.inference.instance-id", "acl-test");
        Path config = TestInfra.writeConfig(settings, work.resolve(service + ".yml"));

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-cp", classpathOf(service), MAIN_CLASSES.get(service));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(service + ".log").toFile());
        builder.environment().put("MICRONAUT_CONFIG_FILES", config.toString()); // as the tokens on Kubernetes
        SERVICES.add(builder.start());
    }

    /** This test's class path without the other two services' modules. */
    private static String classpathOf(String service) {
        List<String> others = MAIN_CLASSES.keySet().stream().filter(s -> !s.equals(service))
                .map(s -> s + "-service").toList();
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean other = others.stream().anyMatch(module -> entry.contains("/" + module + "/")
                    || path.getFileName().toString().startsWith(module + "-"));
            if (!other) {
                kept.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, kept);
    }

    private static void awaitReady(String service) throws IOException {
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> health(service) == 200);
        } catch (RuntimeException e) {
            String log = Files.readString(work.resolve(service + ".log"));
            throw new AssertionError(service + " did not become ready; its log ends:\n"
                    + log.substring(Math.max(0, log.length() - 6000)), e);
        }
    }

    private static int health(String service) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + MANAGEMENT.get(service) + "/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static SightlineClient client(String service) {
        return new SightlineClient("http://localhost:" + WEB.get(service) + "/", TestInfra.ADMIN_TOKEN);
    }

    private static Map<String, Object> login(String user) {
        Map<String, Object> settings = new HashMap<>(EmbeddedKafka.saslPlainSettings(user, PASSWORDS.get(user)));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }

    private static ClassifyResult find(KafkaConsumer<String, byte[]> results, String requestId) {
        for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(500))) {
            if (requestId.equals(record.key())) {
                return Json.read(record.value(), ClassifyResult.class);
            }
        }
        return null;
    }
}
