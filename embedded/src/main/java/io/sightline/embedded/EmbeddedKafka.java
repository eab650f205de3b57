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
 * under a data directory: a second start on the same directory sees the earlier records. Clients
 * connect in plain text, or, started {@link #startWithLogin with logins}, over SASL/PLAIN: then every
 * client must log in as one of the given users (the KRaft controller listener stays plain text on
 * loopback, where only the broker itself talks to it).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final String BROKER_USER = "sightline-broker";

    private final KafkaRaftServer server;
    private final int port;
    private final String bootstrapServers;
    private final Map<String, String> adminLogin;

    private EmbeddedKafka(KafkaRaftServer server, int port, Map<String, String> adminLogin) {
        this.server = server;
        this.port = port;
        this.bootstrapServers = "localhost:" + port;
        this.adminLogin = adminLogin;
    }

    /**
     * Starts a broker.
     *
     * @param dataDir its log directory lives in {@code dataDir/kafka}
     * @param port    the client port, 0 for any free port
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Map.of(), false);
    }

    /**
     * Starts a broker whose clients must log in with SASL/PLAIN as one of {@code users} (name to
     * password); {@link #saslPlainSettings} gives a client's settings.
     */
    public static EmbeddedKafka startWithLogin(Path dataDir, int port, Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a broker with logins needs at least one user");
        }
        return start(dataDir, port, users, false);
    }

    /**
     * Like {@link #startWithLogin}, and every user may do only what an ACL allows (KRaft's
     * {@code StandardAuthorizer}, nothing allowed without an ACL); {@link #admin} creates topics and ACLs
     * as the broker's own user, the one super user.
     */
    public static EmbeddedKafka startWithAcls(Path dataDir, int port, Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("a broker with ACLs needs at least one user");
        }
        return start(dataDir, port, users, true);
    }

    /** An admin client logged in as the broker's own user (a super user when ACLs are on). */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(adminLogin);
        return Admin.create(props);
    }

    /** The client settings of a SASL/PLAIN login (what {@code kafka.*} would hold). */
    public static Map<String, String> saslPlainSettings(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", plainLogin(user, password, ""));
    }

    private static EmbeddedKafka start(Path dataDir, int port, Map<String, String> users, boolean acls) {
        Path logDir = DataDirs.writable(dataDir.resolve("kafka"));
        int brokerPort = Ports.claim(port, "Kafka", "--kafka-port");
        int controllerPort = Ports.free();
        Map<String, String> config = brokerConfig(logDir, brokerPort, controllerPort);
        Map<String, String> adminLogin = Map.of();
        if (!users.isEmpty()) {
            String brokerPassword = java.util.UUID.randomUUID().toString();
            requireLogin(config, brokerPort, users, brokerPassword);
            adminLogin = saslPlainSettings(BROKER_USER, brokerPassword);
            if (acls) {
                requireAcls(config);
            }
        }
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, adminLogin);
        try {
            server.startup();
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw new InfrastructureException("embedded Kafka did not start on port " + brokerPort + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka ready on {} (data in {})", kafka.bootstrapServers, logDir);
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

    /**
     * The client listener becomes SASL_PLAINTEXT with the PLAIN mechanism; the broker talks to itself
     * (transaction markers) over it too, as {@value #BROKER_USER}.
     */
    private static void requireLogin(Map<String, String> config, int brokerPort, Map<String, String> users,
                                     String brokerPassword) {
        String controller = config.get("listeners").replaceFirst("^PLAINTEXT://[^,]*,", "");
        config.put("listeners", "SASL_PLAINTEXT://localhost:" + brokerPort + "," + controller);
        config.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + brokerPort);
        config.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        config.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("sasl.enabled.mechanisms", "PLAIN");
        config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        StringBuilder accounts = new StringBuilder(" user_" + BROKER_USER + "=" + quoted(brokerPassword));
        users.forEach((user, password) -> accounts.append(" user_").append(user).append('=').append(quoted(password)));
        config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                plainLogin(BROKER_USER, brokerPassword, accounts.toString()));
    }

    /**
     * StandardAuthorizer, nothing allowed without an ACL. Super users: the broker's own login, and the
     * anonymous principal of the plain-text controller listener (on loopback, where only this broker
     * talks to its own controller; client requests never reach it).
     */
    private static void requireAcls(Map<String, String> config) {
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("super.users", "User:" + BROKER_USER + ";User:ANONYMOUS");
    }

    private static String plainLogin(String user, String password, String accounts) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + quoted(user)
                + " password=" + quoted(password) + accounts + ";";
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
        props.putAll(adminLogin);
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

    /** The client port: a second start on the same data dir and this port is the same broker to its clients. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka on {} stopped", bootstrapServers);
    }
}
