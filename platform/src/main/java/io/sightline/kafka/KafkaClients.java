package io.sightline.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place where Sightline creates Kafka clients. Every producer, consumer and admin client
 * starts from the same connection settings (Micronaut's {@code kafka.*}: {@code bootstrap.servers},
 * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, {@code client.rack}, any client
 * property), then gets the settings its correctness needs on top (acks, idempotence, isolation,
 * transactional ids), which the connection settings cannot override.
 */
public final class KafkaClients {
    /** How long finding a topic's partitions and their end may take (the Kafka client's default API timeout). */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);
    private final Map<String, Object> connection;
    private final MeterRegistry meters;

    /** @param connection client properties shared by every client; must hold {@code bootstrap.servers} */
    public KafkaClients(Map<String, ?> connection) {
        this(connection, null);
    }

    private KafkaClients(Map<String, ?> connection, MeterRegistry meters) {
        Objects.requireNonNull(connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                "bootstrap.servers (kafka.bootstrap.servers, KAFKA_BOOTSTRAP_SERVERS) is not set");
        this.connection = Map.copyOf(connection);
        this.meters = meters;
    }

    /**
     * The same clients, each of whose Kafka metrics (lag, send and error rates, request latency, rebalances)
     * is on {@code registry} from its creation until it is closed (Micrometer's {@code KafkaClientMetrics}).
     */
    public KafkaClients withMeters(MeterRegistry registry) {
        return new KafkaClients(connection, Objects.requireNonNull(registry));
    }

    /**
     * Clients from a configuration tree such as Micronaut's {@code kafka.*}: only the keys that Kafka's
     * producer, consumer or admin client know are kept (Micronaut's own keys such as {@code health.enabled},
     * and the spellings an environment variable also yields such as {@code security-protocol}, are not
     * client settings).
     */
    public static KafkaClients fromConfiguration(Map<?, ?> configuration) {
        Set<String> known = new HashSet<>(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        Map<String, Object> settings = new HashMap<>();
        configuration.forEach((key, value) -> {
            if (known.contains(String.valueOf(key)) && value != null) {
                settings.put(String.valueOf(key), value);
            }
        });
        return new KafkaClients(settings);
    }

    /** Clients of a plain-text cluster at {@code bootstrapServers} (the embedded broker, tests). */
    public static KafkaClients plaintext(String bootstrapServers) {
        return new KafkaClients(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public String bootstrapServers() {
        return String.valueOf(connection.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** An idempotent {@code acks=all} producer; {@code transactionalId} may be null. */
    public KafkaProducer<String, byte[]> producer(String clientId, String transactionalId) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Big enough for a 1 MiB inline picture and for copying such a request to the DLQ.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_DLQ_RECORD_BYTES);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        if (transactionalId != null) {
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return meters == null ? new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())
                : MeteredClients.producer(config, meters);
    }

    /**
     * A consumer in group {@code groupId} that sees only committed records (results written in
     * transactions), starts from the earliest offset when the group is new, and never commits on its own.
     */
    public KafkaConsumer<String, byte[]> committedReader(String groupId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return consumer(settings);
    }

    /**
     * A consumer with {@code settings} on top of the connection: read_committed and no auto-commit
     * unless {@code settings} say otherwise.
     */
    public KafkaConsumer<String, byte[]> consumer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.putAll(settings);
        return meters == null ? new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())
                : MeteredClients.consumer(config, meters);
    }

    /**
     * Assigns {@code consumer} every partition of {@code topic} at its end (no consumer group), with the positions
     * resolved now: it reads what is written from this moment on, none of the topic's past. For readers of answers to
     * requests about to be sent. Throws when the topic does not exist.
     */
    public static void startAtTheEnd(Consumer<?, ?> consumer, String topic) {
        startAtTheEnd(consumer, topic, METADATA_TIMEOUT);
    }

    /** {@link #startAtTheEnd(Consumer, String)} with its own limit on finding the partitions and their end. */
    public static void startAtTheEnd(Consumer<?, ?> consumer, String topic, Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(partition -> consumer.position(partition, timeout)); // fixed before the first request
    }

    /** An admin client with bounded waits. */
    public Admin admin() {
        Map<String, Object> config = new HashMap<>(connection);
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }
}
