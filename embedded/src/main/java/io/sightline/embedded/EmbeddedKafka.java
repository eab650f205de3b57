package io.sightline.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (broker and KRaft controller in one process) whose log directory persists
 * under a data directory: a second start on the same directory sees the earlier records.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /**
     * Starts a broker.
     *
     * @param dataDir its log directory lives in {@code dataDir/kafka}
     * @param port    the client port, 0 for any free port
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        Path logDir = DataDirs.writable(dataDir.resolve("kafka"));
        int brokerPort = Ports.claim(port, "Kafka", "--kafka-port");
        int controllerPort = Ports.free();
        Map<String, String> config = brokerConfig(logDir, brokerPort, controllerPort);
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        String bootstrap = "localhost:" + brokerPort;
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir);
        try {
            server.startup();
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw new InfrastructureException("embedded Kafka did not start on port " + brokerPort + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka ready on {} (data in {})", bootstrap, logDir);
        return kafka;
    }

    private static Map<String, String> brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        config.put("log.dirs", logDir.toString());
        config.put("auto.create.topics.enable", "false");
        config.put("num.partitions", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "4");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "4");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("log.cleaner.backoff.ms", "1000");
        return config;
    }

    private static void format(Path logDir) {
        boolean formatted = Files.exists(logDir.resolve("meta.properties"));
        if (formatted) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new InfrastructureException("cannot format the Kafka data dir " + logDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not ready after " + READY_TIMEOUT.toSeconds() + " s", e);
                    }
                }
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka on {} stopped", bootstrapServers);
    }
}
