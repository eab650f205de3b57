package io.sightline.cli.allinone;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.sightline.concurrent.Futures;
import io.sightline.concurrent.Threads;
import io.sightline.embedded.DataDirs;
import io.sightline.image.DecodedPictures;
import io.sightline.embedded.EmbeddedKafka;
import io.sightline.embedded.EmbeddedS3;
import io.sightline.embedded.Ports;
import io.sightline.embedded.S3Credentials;
import io.sightline.ingest.CatalogFollower;
import io.sightline.onnx.BackboneCache;
import io.sightline.runtime.TopicReaders;
import io.sightline.security.Roles;
import io.sightline.security.TokenTable;
import io.sightline.storage.ModelHandover;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Embedded Kafka + embedded S3 + ingest, trainer and inference services on one HTTP port, bound to
 * 127.0.0.1 unless the options say otherwise (Kafka, S3 and the management port stay on loopback). The
 * services accept the admin token of the data dir ({@link AdminToken}).
 */
public final class AllInOne implements AutoCloseable {
    public static final String BUCKET = "sightline";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** How long a start waits for the ingest catalog to read the dataset of the data dir. */
    private static final Duration CATALOG_WAIT = Duration.ofMinutes(10);
    /** Model inputs waiting between the ingest service and the trainer, at most (224 x 224: 150 KB each). */
    private static final int DECODED_PICTURES = 256;

    private final Path dataDir;
    private volatile EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final ApplicationContext services;
    private final Endpoints endpoints;
    private final String adminToken;

    private AllInOne(Path dataDir, EmbeddedKafka kafka, EmbeddedS3 s3, ApplicationContext services, Endpoints endpoints,
                     String adminToken) {
        this.dataDir = dataDir;
        this.kafka = kafka;
        this.s3 = s3;
        this.services = services;
        this.endpoints = endpoints;
        this.adminToken = adminToken;
    }

    /** Where the services listen: the web port on {@code host}, the management port on loopback. */
    record Endpoints(String host, int httpPort, int managementPort) {
    }

    public static AllInOne start(AllInOneOptions options) {
        Path dataDir = DataDirs.writable(options.dataDir());
        int httpPort = Ports.claim(options.httpPort(), "HTTP", "--port");
        Endpoints endpoints = new Endpoints(options.host(), httpPort, managementPort(options, httpPort));
        String adminToken = AdminToken.ensure(dataDir);
        S3Credentials credentials = S3Credentials.fromEnvironment();
        // The broker and the S3 server start side by side (each is seconds of class loading and set-up, mostly on one core).
        CompletableFuture<EmbeddedS3> s3Start = CompletableFuture.supplyAsync(
                () -> EmbeddedS3.start(dataDir, options.s3Port(), credentials), task -> Threads.daemon("s3-start", task).start());
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(dataDir, options.kafkaPort());
        } catch (RuntimeException e) {
            s3Start.thenAccept(EmbeddedS3::close);
            throw e;
        }
        EmbeddedS3 s3 = null;
        ApplicationContext services = null;
        try {
            s3 = Futures.get(s3Start);
            services = ApplicationContext.builder()
                    .banner(false)
                    .deduceEnvironment(false)
                    .properties(serviceProperties(endpoints, TokenTable.hash(adminToken), kafka, s3, options))
                    // One process: the trainer takes the model inputs the ingest service decoded (one decode per picture),
                    // and the inference service the model the trainer publishes (no download of what was just stored).
                    .singletons(new DecodedPictures(DECODED_PICTURES), new ModelHandover())
                    .start();
            // Started by hand rather than through Micronaut.run: this class owns the one shutdown hook.
            services.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
            awaitCatalog(services);
            // Ready means the services have read their topics: only then do the answers reflect the data dir.
            if (!services.getBean(TopicReaders.class).awaitCaughtUp(READY_TIMEOUT)) {
                throw new IllegalStateException("the services did not read their Kafka topics within "
                        + READY_TIMEOUT.toSeconds() + " s");
            }
            return new AllInOne(dataDir, kafka, s3, services, endpoints, adminToken);
        } catch (RuntimeException e) {
            if (services != null && services.isRunning()) {
                services.close();
            }
            if (s3 != null) {
                s3.close();
            }
            kafka.close();
            throw e;
        }
    }

    /** Ready means caught up: the ingest catalog has read the images topic (a large data dir takes a moment). */
    private static void awaitCatalog(ApplicationContext services) {
        services.findBean(CatalogFollower.class).ifPresent(catalog -> {
            if (!catalog.awaitCaughtUp(CATALOG_WAIT)) {
                throw new IllegalStateException("the ingest service did not finish reading " + catalog.topic()
                        + " within " + CATALOG_WAIT.toMinutes() + " minutes; see the log");
            }
        });
    }

    private static int managementPort(AllInOneOptions options, int httpPort) {
        if (options.managementPort() != AllInOneOptions.NEXT_PORT) {
            return Ports.claim(options.managementPort(), "management", "--management-port");
        }
        return options.httpPort() == 0 ? Ports.free() : Ports.claim(httpPort + 1, "management", "--management-port");
    }

    static Map<String, Object> serviceProperties(Endpoints endpoints, String adminTokenSha256, EmbeddedKafka kafka,
                                                 EmbeddedS3 s3, AllInOneOptions options) {
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.application.name", "sightline");
        // The embedded S3 (loopback only) may use the printed default credentials; see SafeDefaults.
        props.put("sightline.embedded", true);
        props.put("sightline.security.tokens", List.of(Map.of("name", "all-in-one-admin",
                "sha256", adminTokenSha256, "roles", List.of(Roles.ADMIN))));
        // Two listeners: the web port on the chosen interface, the management port on loopback whatever it is.
        props.put("micronaut.server.port", endpoints.httpPort());
        props.put("micronaut.server.netty.listeners.web.host", endpoints.host());
        props.put("micronaut.server.netty.listeners.web.port", endpoints.httpPort());
        props.put("micronaut.server.netty.listeners.management.host", AllInOneOptions.LOOPBACK);
        props.put("micronaut.server.netty.listeners.management.port", endpoints.managementPort());
        props.put("micronaut.server.netty.listeners.management.expose-default-routes", false);
        props.put("endpoints.all.port", endpoints.managementPort());
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        props.put("sightline.s3.endpoint", s3.endpoint());
        props.put("sightline.s3.access-key", s3.credentials().accessKey());
        props.put("sightline.s3.secret-key", s3.credentials().secretKey());
        props.put("sightline.s3.bucket", BUCKET);
        props.put("sightline.kafka.partitions", 2);
        props.put("sightline.trainer.backbone", options.backbone());
        props.put("sightline.trainer.cache-dir", BackboneCache.directory().toString());
        // One process serves everything: /health stays UP before the first model is trained.
        props.put("sightline.inference.readiness-requires-model", false);
        props.putAll(options.overrides());
        return props;
    }

    public String webUrl() {
        return "http://" + urlHost(endpoints.host()) + ":" + endpoints.httpPort() + "/";
    }

    /** Health and prometheus (no token), on loopback. */
    public String managementUrl() {
        return "http://localhost:" + endpoints.managementPort() + "/";
    }

    public int httpPort() {
        return endpoints.httpPort();
    }

    /** The admin token, for this process's own calls (quickstart, bench); never printed. */
    public String adminToken() {
        return adminToken;
    }

    public Path adminTokenFile() {
        return dataDir.resolve(AdminToken.FILE_NAME);
    }

    /** How a URL names the web host: localhost for loopback and every-interface binds. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals(AllInOneOptions.LOOPBACK)
                || host.equals("localhost")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /**
     * Stops the embedded broker and starts it again on the same log directory and port (the records, the
     * consumer groups' offsets and the transaction state survive). The services are not told: their
     * Kafka clients find their way back on their own, which is what this is for (the soak run).
     */
    public synchronized void restartKafka() {
        int port = kafka.port();
        kafka.close();
        kafka = EmbeddedKafka.start(dataDir, port);
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public S3Credentials credentials() {
        return s3.credentials();
    }

    public String bucket() {
        return BUCKET;
    }

    public Path dataDir() {
        return dataDir;
    }

    public ApplicationContext services() {
        return services;
    }

    @Override
    public synchronized void close() {
        try {
            if (services.isRunning()) {
                services.close();
            }
        } finally {
            try {
                s3.close();
            } finally {
                kafka.close();
            }
        }
    }
}
