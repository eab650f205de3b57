package io.sightline.testing;

import io.sightline.embedded.EmbeddedKafka;
import io.sightline.embedded.EmbeddedS3;
import io.sightline.embedded.Ports;
import io.sightline.embedded.S3Credentials;
import io.sightline.contract.Topics;
import io.sightline.kafka.TopicBootstrap;
import io.sightline.security.TokenTable;
import io.sightline.storage.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One Kafka broker and one S3 server for the whole test JVM, started on first use and stopped at JVM
 * exit. Tests isolate themselves with {@link #uniquePrefix()} and {@link #uniqueBucket()}.
 */
public final class TestInfra {
    /** API tokens every service started with {@link #micronautProperties} accepts, one per role (test secrets only). */
    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String CONTRIBUTE_TOKEN = "test-contribute-token";
    public static final String CLASSIFY_TOKEN = "test-classify-token";
    /** The Authorization header value of the admin token. */
    public static final String ADMIN = bearer(ADMIN_TOKEN);

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static TestInfra shared;

    private final String kafkaBootstrap;
    private final String s3Endpoint;
    private final S3Credentials credentials;

    private TestInfra(String kafkaBootstrap, String s3Endpoint, S3Credentials credentials) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.s3Endpoint = s3Endpoint;
        this.credentials = credentials;
    }

    public static synchronized TestInfra get() {
        if (shared == null) {
            shared = "containers".equals(System.getenv("SIGHTLINE_TEST_INFRA")) ? ContainerInfra.start() : startEmbedded();
        }
        return shared;
    }

    static TestInfra of(String kafkaBootstrap, String s3Endpoint, S3Credentials credentials) {
        return new TestInfra(kafkaBootstrap, s3Endpoint, credentials);
    }

    private static TestInfra startEmbedded() {
        Path dir = tempDir("sightline-test-infra");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        S3Credentials credentials = new S3Credentials("test-access", "test-secret-key");
        EmbeddedS3 s3 = EmbeddedS3.start(dir, 0, credentials);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            s3.close();
            kafka.close();
        }, "test-infra-shutdown"));
        return new TestInfra(kafka.bootstrapServers(), s3.endpoint(), credentials);
    }

    /** Closes each of {@code resources} that is not null, in order, even when one fails (the first failure is thrown). */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Writes {@code properties} as a Micronaut configuration file (YAML) for a service started as a process of
     * its own: name it in {@code MICRONAUT_CONFIG_FILES}, as the token file is named on Kubernetes. Lists of
     * entries (the tokens) survive, which {@code -Dkey=value} arguments cannot carry.
     */
    public static Path writeConfig(Map<String, Object> properties, Path file) {
        try {
            return Files.writeString(file, new org.yaml.snakeyaml.Yaml().dump(new HashMap<>(properties)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public S3Credentials credentials() {
        return credentials;
    }

    /** A topic prefix no other test uses, e.g. {@code t7-k2x9.}. */
    public String uniquePrefix() {
        return "t" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36) + ".";
    }

    /** A bucket name no other test uses (S3 naming rules: lowercase, digits, hyphens). */
    public String uniqueBucket() {
        return "b" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** A store on a fresh bucket of the shared S3 server, bucket created. */
    public ObjectStore newStore() {
        ObjectStore store = store(uniqueBucket());
        store.ensureBucket();
        return store;
    }

    public ObjectStore store(String bucket) {
        return ObjectStore.connect(s3Endpoint, credentials.accessKey(), credentials.secretKey(), "us-east-1", bucket);
    }

    /** Creates the SPEC topics under {@code prefix}. */
    public Topics createTopics(String prefix, int partitions) {
        return createTopics(kafkaBootstrap, prefix, partitions);
    }

    /** Creates the SPEC topics under {@code prefix} on the broker at {@code bootstrap}. */
    public static Topics createTopics(String bootstrap, String prefix, int partitions) {
        Topics topics = new Topics(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicBootstrap(admin).ensureTopics(topics, partitions, (short) 1);
        }
        return topics;
    }

    /** The management port's base URL (health, prometheus; no token there) of a context started with these properties. */
    public static String managementUrl(io.micronaut.context.ApplicationContext context) {
        return "http://localhost:" + context.getRequiredProperty("endpoints.all.port", Integer.class);
    }

    /** {@code Bearer <token>}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The {@code sightline.security.tokens} entries of the three test tokens (hashes, as in production). */
    public static List<Map<String, Object>> tokenEntries() {
        return List.of(tokenEntry("test-admin", ADMIN_TOKEN, "admin"),
                tokenEntry("test-contribute", CONTRIBUTE_TOKEN, "contribute"),
                tokenEntry("test-classify", CLASSIFY_TOKEN, "classify"));
    }

    private static Map<String, Object> tokenEntry(String name, String token, String role) {
        return Map.of("name", name, "sha256", TokenTable.hash(token), "roles", List.of(role));
    }

    /**
     * Micronaut properties that point a service at this infrastructure, under a topic prefix and bucket: a
     * random web port, a free management port, and the three test tokens ({@link #tokenEntries}). These are
     * real settings, not a test mode: the services' start-up checks pass because the S3 credentials are not
     * the well-known defaults and tokens are configured.
     */
    public Map<String, Object> micronautProperties(String topicPrefix, String bucket) {
        Map<String, Object> props = new HashMap<>();
        props.put("kafka.bootstrap.servers", kafkaBootstrap);
        props.put("sightline.kafka.topic-prefix", topicPrefix);
        props.put("sightline.kafka.partitions", 2);
        props.put("sightline.s3.endpoint", s3Endpoint);
        props.put("sightline.s3.access-key", credentials.accessKey());
        props.put("sightline.s3.secret-key", credentials.secretKey());
        props.put("sightline.s3.bucket", bucket);
        props.put("micronaut.server.port", -1);
        props.put("endpoints.all.port", Ports.free());
        props.put("sightline.security.tokens", tokenEntries());
        return props;
    }
}
